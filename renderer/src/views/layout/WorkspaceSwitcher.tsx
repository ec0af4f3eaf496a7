import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import type { ServiceClient } from '../../../../shared/contract/define';
import type { WorkspaceList, WorkspaceService } from '../../../../shared/contract/workspaces';
import type { ErrorInfo } from '../../../../shared/errors';
import { describeFailure } from '../../store/describe-failure';
import { Dialog } from '../common/Dialog';
import { ErrorNotice } from '../common/ErrorNotice';

/*
 * The header's workspace switcher: recent workspaces, the desktop folder picker, or a typed path;
 * a folder that is not a workspace gets its one line and the offer to create one from the demo.
 * Once another workspace serves, the main process sends `workspaceChanged` and the page starts
 * over (see main.tsx), so no view keeps the previous workspace's state.
 */

export type WorkspaceClient = ServiceClient<WorkspaceService>;

const WorkspaceClientContext = createContext<WorkspaceClient | null>(null);

export function WorkspaceClientProvider({ client, children }: { client: WorkspaceClient; children: ReactNode }) {
  return <WorkspaceClientContext.Provider value={client}>{children}</WorkspaceClientContext.Provider>;
}

export function WorkspaceSwitcher({ root }: { root: string | undefined }) {
  const client = useContext(WorkspaceClientContext);
  const [list, setList] = useState<WorkspaceList | null>(null);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: ErrorInfo; path: string } | null>(null);

  const run = async (path: string, action: (client: WorkspaceClient) => Promise<unknown>) => {
    if (client === null) return;
    setBusy(true);
    setFailure(null);
    try {
      await action(client);
      setOpen(false);
    } catch (error) {
      setFailure({ error: describeFailure(error), path });
    } finally {
      setBusy(false);
    }
  };
  const openPath = (path: string) => run(path, (c) => c.openWorkspace({ path }));
  const show = async () => {
    setOpen(true);
    setFailure(null);
    try {
      setList(await client?.listWorkspaces({}) ?? null);
    } catch (error) {
      setFailure({ error: describeFailure(error), path: '' });
    }
  };
  const choose = async () => {
    const picked = await client?.chooseWorkspaceFolder({});
    if (picked !== null && picked !== undefined) await openPath(picked);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim() !== '') void openPath(typed.trim());
  };

  return (
    <div className="app-header__workspace">
      <span className="app-header__workspace-label">Workspace</span>
      <button type="button" className="button button--ghost" title={root} disabled={client === null} onClick={() => void show()} aria-label={`Workspace ${root ?? '…'}: switch workspace`}>
        <span className="app-header__workspace-root" data-testid="workspace-path">
          {root ?? '…'}
        </span>
      </button>
      <Dialog title="Switch workspace" open={open} onClose={() => setOpen(false)} busy={busy} footer={<button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>}>
        <ul className="workspace-switcher__recent" aria-label="Recent workspaces">
          {(list?.recent ?? []).filter((entry) => !entry.current).map((entry) => (
            <li key={entry.path}>
              <button type="button" className="button button--ghost" disabled={busy} title={entry.path} onClick={() => void openPath(entry.path)}>
                {entry.name} <code>{entry.path}</code>
              </button>
            </li>
          ))}
        </ul>
        {list?.canChooseFolder === true && (
          <button type="button" className="button" disabled={busy} onClick={() => void choose()}>
            Choose folder…
          </button>
        )}
        <form onSubmit={submit}>
          <label>
            Folder path <input value={typed} onChange={(event) => setTyped(event.target.value)} placeholder="/path/to/your/agent" disabled={busy} />
          </label>
          <button type="submit" className="button" disabled={busy || typed.trim() === ''}>
            Open
          </button>
        </form>
        {failure !== null && <ErrorNotice error={failure.error} context="This workspace could not be opened." />}
        {failure?.error.code === 'WORKSPACE_NOT_FOUND' && failure.path !== '' && (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void run(failure.path, (c) => c.createWorkspaceFromDemo({ path: failure.path }))}>
            Create a workspace there from the demo
          </button>
        )}
      </Dialog>
    </div>
  );
}
