import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * One process owns a workspace's engine at a time. A second process recovering "crashes" that
 * are really another process's changes in progress would revert live work, so it is refused.
 * A lock left by a process that died is taken over.
 */
export function acquireWorkspaceLock(stateDir: string): () => void {
  const file = path.join(stateDir, 'owner.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readOwner(file));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AppError('WORKSPACE_BUSY', `This workspace is in use by another Saraphina process (pid ${owner}).`, {
          hint: 'Use that session or panel, or stop it first.',
        });
      }
      release(file);
    }
  }
  throw new AppError('WORKSPACE_BUSY', `Could not take the workspace lock ${file}.`);
}

function readOwner(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
