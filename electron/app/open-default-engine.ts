import { openEngine, type Engine } from '../engine/open-engine';
import { ensureWorkspace } from './init-workspace';
import { defaultWorkspaceDir } from './paths';

/** The desktop app's start: the workspace in the user's data folder, created on first use. */
export async function openDefaultEngine(userDataDir: string): Promise<{ engine: Engine; workspaceDir: string }> {
  const workspaceDir = ensureWorkspace(defaultWorkspaceDir(userDataDir));
  return { engine: await openEngine(workspaceDir), workspaceDir };
}
