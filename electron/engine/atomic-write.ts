import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { faultPoint } from './fault-points';

const TEMP_SUFFIX = '.saraphina-tmp';

/** The file was changed by someone else after it was last read; its content is kept here. */
export class FileChangedError extends AppError {
  /** What is in the file now (null when it was deleted). */
  readonly found: string | null;

  constructor(file: string, found: string | null) {
    super('CHANGED_ON_DISK', `${path.basename(file)} was changed by another program while the change was being made; nothing was written.`, {
      hint: 'Its new content is kept as a version; look at it, then try again.',
    });
    this.found = found;
  }
}

export interface WriteOptions {
  /** SHA-256 the file must still have right before the rename (undefined: anything; null: must not exist). */
  readonly expectHash?: string | null;
}

/**
 * Replaces a file so that a crash, a full disk or any write error leaves either the old or the
 * new content, never a mix and never a short file: write a temp file beside it until every byte
 * is written, fsync, read it back and compare, check the file was not changed meanwhile (when
 * asked), rename over, fsync the folder. A failure gives one clear error and removes the temp file.
 */
export function writeFileAtomic(file: string, content: string, options: WriteOptions = {}): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const bytes = Buffer.from(content, 'utf8');
  try {
    writeAndVerify(temp, bytes, modeOf(file));
    faultPoint('write:before-rename');
    if (options.expectHash !== undefined) assertUnchanged(file, options.expectHash);
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw error instanceof AppError ? error : writeError(error, file);
  }
  fsyncDirectory(dir);
}

function writeAndVerify(temp: string, bytes: Buffer, mode: number): void {
  const fd = openSync(temp, 'wx+', mode);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const written = writeSync(fd, bytes, offset, bytes.length - offset);
      if (written <= 0) throw Object.assign(new Error('no progress writing'), { code: 'EIO' });
      offset += written;
      faultPoint('write:partial');
    }
    fsyncSync(fd);
    const back = Buffer.alloc(bytes.length + 1);
    let read = 0;
    for (let chunk = -1; chunk !== 0 && read < back.length; read += chunk) chunk = readSync(fd, back, read, back.length - read, read);
    if (read !== bytes.length || !back.subarray(0, read).equals(bytes)) {
      throw new AppError('WRITE_FAILED', `${path.basename(temp)} read back ${read} of ${bytes.length} bytes differently; the file was left as it was.`, {
        hint: 'The disk may be failing; check it before trying again.',
      });
    }
  } finally {
    closeSync(fd);
  }
}

function assertUnchanged(file: string, expectHash: string | null): void {
  let found: string | null;
  try {
    found = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    found = null;
  }
  const hash = found === null ? null : createHash('sha256').update(found).digest('hex');
  if (hash !== expectHash) throw new FileChangedError(file, found);
}

const REASONS: Record<string, [string, string]> = {
  ENOSPC: ['the disk is full', 'Free some space, then try again.'],
  EDQUOT: ['the disk quota is used up', 'Free some space, then try again.'],
  EROFS: ['the file system is read-only', 'Mount it writable, then try again.'],
  EPERM: ['the operation is not permitted', 'Check the file and folder permissions and attributes (immutable?).'],
  EACCES: ['permission denied', 'Check the file and folder permissions.'],
  EIO: ['the disk reported an I/O error', 'The disk may be failing; check it before trying again.'],
  EFBIG: ['the file is too large for this file system', 'Make the module smaller.'],
};

/** One line per cause, saying that the file is as it was. */
export function writeError(error: unknown, file: string): AppError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const [reason, hint] = REASONS[code] ?? [(error as Error).message, 'Check the disk and the folder, then try again.'];
  return new AppError('WRITE_FAILED', `Cannot write ${path.basename(file)}: ${reason} (${code || 'error'}); the file was left as it was.`, {
    hint,
    cause: error,
  });
}

/** Removes temp files a crash left behind (they were never renamed, so nothing refers to them). */
export function removeStaleTempFiles(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    unlinkSync(path.join(dir, name));
    removed += 1;
  }
  return removed;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Never created, or already gone.
  }
}

function modeOf(file: string): number {
  try {
    return statSync(file).mode & 0o777;
  } catch {
    return 0o644;
  }
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
