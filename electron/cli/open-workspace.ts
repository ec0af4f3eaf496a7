import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import type { CliArguments } from './arguments';

/** `--workspace DIR`, or the default workspace (created on first use). */
export function workspaceDir(args: CliArguments): string {
  return args.workspace ?? ensureWorkspace(defaultWorkspaceDir());
}
