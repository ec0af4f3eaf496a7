import { AgentRuntime } from '../runtime/agent-runtime';
import { Workspace } from '../runtime/workspace';
import { ensureWorkspace } from './init-workspace';
import { defaultWorkspaceDir } from './paths';

/** The desktop app's start: the workspace in the user's data folder, created on first use. */
export async function openDefaultRuntime(userDataDir: string): Promise<{ runtime: AgentRuntime; workspaceDir: string }> {
  const workspaceDir = ensureWorkspace(defaultWorkspaceDir(userDataDir));
  const runtime = await AgentRuntime.open(Workspace.open(workspaceDir));
  return { runtime, workspaceDir };
}
