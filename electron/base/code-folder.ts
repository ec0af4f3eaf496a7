import path from 'node:path';

/** The folder this code runs from (source or bundle) and every folder above it, nearest first. */
export function codeFolderAndAncestors(): string[] {
  const dirs: string[] = [];
  for (let dir = typeof __dirname === 'string' ? __dirname : process.cwd(); ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (path.dirname(dir) === dir) return dirs;
  }
}
