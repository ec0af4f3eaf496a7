import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { version as esbuildVersion } from 'esbuild';
import { sha256 } from '../base/sha256';

/** Bumped whenever what is stored (or how it is read back) changes. */
const FORMAT = 2;
const HEADER = /^\/\/ saraphina-compiled (\w+) (\d+)\n/;

/**
 * esbuild's output for each module file, kept across opens (one file per module under
 * `.saraphina/compiled/`, replaced when the module's source or compile options change): opening
 * a workspace of 1,000 modules spent most of its time waiting for esbuild to compile again what
 * it had compiled at the last open. The key is the source, the options and esbuild's version; a
 * file that is torn, unreadable or not for this key is a miss, never a wrong module.
 */
export class CompileCache {
  private readonly dir: string;
  private made = false;
  private writes = 0;
  /** The key each file holds, for the files this process wrote or read: a reload's new source skips the read. */
  private readonly held = new Map<string, string>();

  constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * The key of one compile: everything that decides esbuild's output. The source enters by its
   * hash, which the reload has already computed (sha256 remembers it), not as a second copy of
   * the whole text to hash again.
   */
  static key(source: string, options: object): string {
    return sha256(`${FORMAT}\n${esbuildVersion}\n${JSON.stringify(options)}\n${sha256(source)}`);
  }

  get(filename: string, key: string): string | null {
    const held = this.held.get(filename);
    if (held !== undefined && held !== key) return null;
    let text: string;
    try {
      text = readFileSync(this.fileOf(filename), 'utf8');
    } catch {
      return null;
    }
    const header = HEADER.exec(text);
    if (header === null || header[1] !== key) return null;
    const code = text.slice(header[0].length);
    if (code.length !== Number(header[2])) return null;
    this.held.set(filename, key);
    return code;
  }

  /**
   * Written in the background (a reload does not wait for it), through a file of its own renamed
   * into place. Best effort: a cache that cannot be written only means compiling again next time.
   */
  set(filename: string, key: string, code: string): void {
    try {
      if (!this.made) mkdirSync(this.dir, { recursive: true });
      this.made = true;
    } catch {
      return;
    }
    const file = this.fileOf(filename);
    this.held.set(filename, key);
    this.writes += 1;
    const temporary = `${file}.${process.pid}-${this.writes}.tmp`;
    writeFile(temporary, `// saraphina-compiled ${key} ${code.length}\n${code}`)
      .then(() => rename(temporary, file))
      .catch(() => undefined);
  }

  private fileOf(filename: string): string {
    return path.join(this.dir, `${sha256(filename).slice(0, 32)}.js`);
  }
}
