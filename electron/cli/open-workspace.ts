import { openAppServices, type AppServices } from '../app/app-services';
import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import type { CliArguments } from './arguments';

/** `--workspace DIR`, or the default workspace (created on first use). */
export function workspaceDir(args: CliArguments): string {
  return args.workspace ?? ensureWorkspace(defaultWorkspaceDir());
}

/** `--workspace DIR` must exist; without it, the default workspace is created on first use. */
export async function openWorkspaceServices(args: CliArguments): Promise<AppServices> {
  const dir = workspaceDir(args);
  // The CLI process is the agent's own: its working directory becomes the workspace root.
  return openAppServices(dir, { chdir: true });
}
