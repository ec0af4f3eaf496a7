import path from 'node:path';

/**
 * The workspace a launch asks for: `--workspace DIR` (or `--workspace=DIR`), resolved against the
 * launching shell's folder. A packaged app also takes a bare folder (`saraphina-control-panel
 * ~/agent`, or a file manager's "Open with"); in a dev run the first argument is the app's own
 * folder, so only the flag counts there.
 */
export function requestedWorkspace(argv: readonly string[], options: { cwd: string; packaged: boolean }): string | undefined {
  const args = argv.slice(options.packaged ? 1 : 2);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--workspace') return resolveFrom(options.cwd, args[i + 1]);
    if (arg.startsWith('--workspace=')) return resolveFrom(options.cwd, arg.slice('--workspace='.length));
  }
  if (!options.packaged) return undefined;
  // Chromium and Electron switches all start with "-"; the first other argument is a folder.
  return resolveFrom(options.cwd, args.find((arg) => !arg.startsWith('-')));
}

function resolveFrom(cwd: string, value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : path.resolve(cwd, value);
}

/** What a second launch hands the running app (Electron's single-instance `additionalData`). */
export interface SecondLaunch {
  readonly workspace?: string;
}

export function readSecondLaunch(data: unknown, argv: readonly string[], cwd: string, packaged: boolean): string | undefined {
  if (typeof data === 'object' && data !== null && 'workspace' in data && typeof data.workspace === 'string' && path.isAbsolute(data.workspace)) {
    return data.workspace;
  }
  return requestedWorkspace(argv, { cwd, packaged });
}
