import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecentWorkspaces } from '../../electron/app/recent-workspaces';
import { createSessionDispatcher, forwardSessionEvents } from '../../electron/services/serve-session';
import { checkWorkspaceFolder, createWorkspaceFromDemo } from '../../electron/app/workspace-folder';
import { WorkspaceSession } from '../../electron/app/workspace-session';
import type { ServedAgent } from '../../electron/services/served-agent';
import { AgentSupervisor } from '../../electron/supervisor/agent-supervisor';
import { AppError } from '../../shared/errors';
import type { Envelope } from '../../shared/result';
import { makeWorkspace, tempDir } from '../support/temp-workspace';

const sessions: WorkspaceSession<ServedAgent>[] = [];
/** Each workspace's agent in its own supervised process, as serve and the desktop app run it. */
const startAgent = (root: string): Promise<ServedAgent> => AgentSupervisor.start({ root, appVersion: 'test' });
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

async function startSession(root: string, recentFile = path.join(tempDir(), 'recent.json')): Promise<WorkspaceSession<ServedAgent>> {
  const session = await WorkspaceSession.start(root, { open: startAgent, recent: new RecentWorkspaces(recentFile) });
  sessions.push(session);
  return session;
}

function valueOf<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

describe('a folder that is not a workspace', () => {
  it('gets one line naming the folder and the offer to create one, and nothing is written', () => {
    const project = tempDir();
    writeFileSync(path.join(project, 'README.md'), '# my agent\n');
    expect(() => checkWorkspaceFolder(project)).toThrow(expect.objectContaining({ code: 'WORKSPACE_NOT_FOUND', message: expect.stringContaining(project) }));
    const error = (() => {
      try {
        checkWorkspaceFolder(project);
      } catch (caught) {
        return caught as { message: string; hint: string };
      }
      return null;
    })();
    expect(error?.message.split('\n')).toHaveLength(1);
    expect(error?.hint).toMatch(/Create a workspace there from the demo/);
    expect(() => checkWorkspaceFolder(path.join(project, 'missing'))).toThrow(/There is no folder at/);
    expect(() => checkWorkspaceFolder(path.join(project, 'README.md'))).toThrow(/is a file, not a folder/);
    expect(existsSync(path.join(project, 'modules'))).toBe(false);
  });

  it('becomes a workspace from the demo, keeping every file the user had', () => {
    const project = tempDir();
    writeFileSync(path.join(project, 'README.md'), '# my agent\n');
    const created = createWorkspaceFromDemo(project);
    expect(readFileSync(path.join(project, 'README.md'), 'utf8')).toBe('# my agent\n');
    expect(created.kept).toContain('README.md');
    expect(created.added).toContain('src');
    expect(checkWorkspaceFolder(project)).toBe(created.root);
  });
});

describe('recent workspaces', () => {
  it('are kept newest first across restarts, without duplicates, and survive a damaged file', () => {
    const file = path.join(tempDir(), 'recent.json');
    const recent = new RecentWorkspaces(file, 3);
    for (const dir of ['/w/a', '/w/b', '/w/a', '/w/c', '/w/d']) recent.add(dir);
    expect(new RecentWorkspaces(file, 3).list().map((entry) => entry.path)).toEqual(['/w/d', '/w/c', '/w/a']);
    writeFileSync(file, '{ not json');
    const damaged: string[] = [];
    expect(new RecentWorkspaces(file, 3, (line) => damaged.push(line)).list()).toEqual([]);
    expect(damaged).toEqual([expect.stringContaining('is damaged')]);
  });
});

// Each workspace's agent is a real process: starting two or three takes a while on a busy machine.
describe('switching workspaces', { timeout: 90_000 }, () => {
  it('stops one agent, starts the other, and each keeps its own history', async () => {
    const a = makeWorkspace({ alpha: 'export const value = 1;\n' });
    writeFileSync(path.join(a, 'saraphina.config.json'), JSON.stringify({ probationMs: 0 }));
    const b = makeWorkspace({ beta: 'export const value = 2;\n' });
    const session = await startSession(a);
    const dispatch = createSessionDispatcher(session, { appVersion: 'test' });
    const events: string[] = [];
    const stop = forwardSessionEvents(session, (event) => events.push(event));

    writeFileSync(path.join(a, 'modules', 'alpha.ts'), 'export const value = 10;\n');
    valueOf(await dispatch({ method: 'reloadModule', input: { module: 'alpha' } }));
    const versionIds = async () =>
      valueOf<{ versionId: string }[]>(await dispatch({ method: 'listVersions', input: { module: 'alpha' } })).map((v) => v.versionId);
    const alphaVersions = await versionIds();
    expect(alphaVersions.length).toBeGreaterThanOrEqual(2);

    const opened = valueOf<{ root: string }>(await dispatch({ method: 'openWorkspace', input: { path: b } }));
    expect(opened.root).toBe(checkWorkspaceFolder(b));
    expect(valueOf<{ id: string }[]>(await dispatch({ method: 'listModules', input: {} })).map((m) => m.id)).toEqual(['beta']);
    expect(events).toContain('workspaceChanged');

    await dispatch({ method: 'openWorkspace', input: { path: a } });
    expect(await versionIds()).toEqual(alphaVersions);
    const list = valueOf<{ current: string; recent: { path: string; current: boolean }[] }>(await dispatch({ method: 'listWorkspaces', input: {} }));
    expect(list.recent.map((entry) => entry.path)).toEqual([checkWorkspaceFolder(a), checkWorkspaceFolder(b)]);
    expect(list.recent[0]?.current).toBe(true);
    stop();
  });

  it('refuses a folder that is not a workspace with one line and keeps serving the current one', async () => {
    const a = makeWorkspace({ alpha: 'export const value = 1;\n' });
    const session = await startSession(a);
    const dispatch = createSessionDispatcher(session, { appVersion: 'test' });
    const plain = tempDir();
    const refused = await dispatch({ method: 'openWorkspace', input: { path: plain } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKSPACE_NOT_FOUND', hint: expect.stringMatching(/demo/) } });
    expect(valueOf<{ id: string }[]>(await dispatch({ method: 'listModules', input: {} })).map((m) => m.id)).toEqual(['alpha']);

    const created = valueOf<{ root: string; added: string[] }>(await dispatch({ method: 'createWorkspaceFromDemo', input: { path: plain } }));
    expect(created.added).toContain('src');
    expect(session.root).toBe(created.root);
  });

  it('goes back to the previous agent when the other cannot start, and says why', async () => {
    const a = makeWorkspace({ alpha: 'export const value = 1;\n' });
    const b = makeWorkspace({ beta: 'export const value = 2;\n' });
    const busy = new AppError('WORKSPACE_BUSY', `${b} is in use by process 4242.`);
    const session = await WorkspaceSession.start(a, {
      open: (dir) => (dir === checkWorkspaceFolder(b) ? Promise.reject(busy) : startAgent(dir)),
      recent: new RecentWorkspaces(path.join(tempDir(), 'recent.json')),
    });
    sessions.push(session);
    const dispatch = createSessionDispatcher(session, { appVersion: 'test' });
    const refused = await dispatch({ method: 'openWorkspace', input: { path: b } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKSPACE_BUSY' } });
    expect(session.root).toBe(checkWorkspaceFolder(a));
    expect(valueOf<{ id: string }[]>(await dispatch({ method: 'listModules', input: {} })).map((m) => m.id)).toEqual(['alpha']);
  });

  it('makes a request sent during a switch wait for the new agent instead of failing', async () => {
    const a = makeWorkspace({ alpha: 'export const value = 1;\n' });
    const b = makeWorkspace({ beta: 'export const value = 2;\n' });
    const session = await startSession(a);
    const dispatch = createSessionDispatcher(session, { appVersion: 'test' });
    const switching = dispatch({ method: 'openWorkspace', input: { path: b } });
    const during = dispatch({ method: 'listModules', input: {} });
    valueOf(await switching);
    expect(valueOf<{ id: string }[]>(await during).map((m) => m.id)).toEqual(['beta']);
  });

  it('has no folder picker in the headless host and says what to do instead', async () => {
    const session = await startSession(makeWorkspace({ alpha: 'export const value = 1;\n' }));
    const dispatch = createSessionDispatcher(session, { appVersion: 'test' });
    expect(await dispatch({ method: 'chooseWorkspaceFolder', input: {} })).toMatchObject({ ok: false, error: { code: 'USAGE', hint: expect.stringMatching(/Type/) } });
  });
});
