import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import { AgentRuntime } from '../runtime/agent-runtime';
import { Workspace } from '../runtime/workspace';
import type { CliArguments } from './arguments';

/** `--workspace DIR` must exist; without it, the default workspace is created on first use. */
export async function openRuntime(args: CliArguments): Promise<AgentRuntime> {
  const dir = args.workspace ?? ensureWorkspace(defaultWorkspaceDir());
  return AgentRuntime.open(Workspace.open(dir));
}
