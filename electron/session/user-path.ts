import path from 'node:path';

/** The folder the app was started from, captured before the runtime may change directory. */
const invocationDir = process.cwd();

/**
 * A path the person typed (`--file proposal.ts`, `export --out x.json`) is relative to where they
 * started the app, even after the runtime made the workspace root the working directory.
 */
export function resolveUserPath(file: string): string {
  return path.resolve(invocationDir, file);
}
