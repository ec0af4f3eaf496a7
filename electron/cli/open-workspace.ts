import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import { openEngine, type Engine } from '../engine/open-engine';
import type { CliArguments } from './arguments';

/** `--workspace DIR` must exist; without it, the default workspace is created on first use. */
export async function openWorkspaceEngine(args: CliArguments): Promise<Engine> {
  const dir = args.workspace ?? ensureWorkspace(defaultWorkspaceDir());
  return openEngine(dir);
}
