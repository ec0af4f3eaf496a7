// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { RemoteError } from '../../shared/contract/client';
import { WorkspaceClientProvider, WorkspaceSwitcher, type WorkspaceClient } from '../../renderer/src/views/layout/WorkspaceSwitcher';

afterEach(() => cleanup());

function fakeClient(overrides: Partial<WorkspaceClient> = {}): WorkspaceClient {
  return {
    listWorkspaces: vi.fn(async () => ({
      current: '/w/alpha',
      canChooseFolder: false,
      recent: [
        { path: '/w/alpha', name: 'alpha', openedAt: '2026-12-01T09:00:00.000Z', current: true },
        { path: '/w/beta', name: 'beta', openedAt: '2026-11-30T09:00:00.000Z', current: false },
      ],
    })),
    openWorkspace: vi.fn(async ({ path }) => ({ root: path })),
    createWorkspaceFromDemo: vi.fn(async ({ path }) => ({ root: path, added: ['modules'], kept: [] })),
    chooseWorkspaceFolder: vi.fn(async () => null),
    ...overrides,
  };
}

async function openSwitcher(client: WorkspaceClient): Promise<void> {
  render(
    <WorkspaceClientProvider client={client}>
      <WorkspaceSwitcher root="/w/alpha" />
    </WorkspaceClientProvider>,
  );
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Workspace /w/alpha: switch workspace' })));
}

test('lists the other recent workspaces and opens the one picked', async () => {
  const client = fakeClient();
  await openSwitcher(client);
  const recent = screen.getByRole('list', { name: 'Recent workspaces' });
  expect(recent.textContent).toContain('/w/beta');
  expect(recent.textContent).not.toContain('/w/alpha');
  expect(screen.queryByRole('button', { name: 'Choose folder…' })).toBeNull();
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /beta/ })));
  expect(client.openWorkspace).toHaveBeenCalledWith({ path: '/w/beta' });
});

test('a typed folder that is not a workspace gets its one line and the offer to create one from the demo', async () => {
  const refusal = new RemoteError({ code: 'WORKSPACE_NOT_FOUND', message: 'No workspace at /home/me/agent (it has no modules/ folder).', hint: 'Create a workspace there from the demo agent.' });
  const client = fakeClient({ openWorkspace: vi.fn(async () => Promise.reject(refusal)) });
  await openSwitcher(client);
  fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: '/home/me/agent' } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Open' })));
  expect(screen.getByRole('alert').textContent).toContain('No workspace at /home/me/agent (it has no modules/ folder).');
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create a workspace there from the demo' })));
  expect(client.createWorkspaceFromDemo).toHaveBeenCalledWith({ path: '/home/me/agent' });
});

test('in the desktop app the folder picker opens what was chosen; cancelling opens nothing', async () => {
  const chooseWorkspaceFolder = vi.fn<WorkspaceClient['chooseWorkspaceFolder']>().mockResolvedValueOnce(null).mockResolvedValueOnce('/w/picked');
  const client = fakeClient({
    chooseWorkspaceFolder,
    listWorkspaces: vi.fn(async () => ({ current: '/w/alpha', canChooseFolder: true, recent: [] })),
  });
  await openSwitcher(client);
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Choose folder…' })));
  expect(client.openWorkspace).not.toHaveBeenCalled();
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Choose folder…' })));
  expect(client.openWorkspace).toHaveBeenCalledWith({ path: '/w/picked' });
});
