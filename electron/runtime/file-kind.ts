import { statSync } from 'node:fs';

/** True when `file` exists and is a regular file (a missing or unreadable path is not). */
export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** True when `dir` exists and is a folder. */
export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
