import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import { brotliCompressSync, constants } from 'node:zlib';
import Database from 'better-sqlite3';
import { transform, type TransformOptions } from 'esbuild';
import { sha256 } from '../electron/base/sha256';
import { dependent, largeModule } from './generate';
import { percentile, spread, timeEach, type Spread } from './measure';

type ModuleFunction = (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;

/**
 * The least any runtime must do to reload the 500-line module (or `module`) durably with its 3 dependents:
 * write and read the file, hash and compress it, one esbuild transform, compile the module and
 * its dependents, evaluate the module once, one fsync'd SQLite commit. No checks, no history,
 * no cascade bookkeeping: the figure the product's reload is held against (≤ 3× it).
 */
export async function reloadFloor(module: (generation: number) => string = largeModule, rounds = 3, reloads = 300, warmup = 20): Promise<Spread> {
  const root = mkdtempSync(path.join(tmpdir(), 'saraphina-floor-'));
  const db = new Database(path.join(root, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE versions (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO versions (hash, data) VALUES (?, ?)');
  const file = path.join(root, 'core.ts');
  const esbuild: TransformOptions = { loader: 'ts', format: 'cjs', platform: 'node', target: 'node22' };
  const dependents = await Promise.all([1, 2, 3].map(async (index) => (await transform(dependent(index), esbuild)).code));
  const once = async (text: string): Promise<void> => {
    writeFileSync(file, text);
    const source = readFileSync(file, 'utf8');
    const hash = sha256(source);
    const packed = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
    const { code } = await transform(source, esbuild);
    const params = ['exports', 'require', 'module'];
    const run = compileFunction(code, params, { filename: file }) as ModuleFunction;
    for (const [index, depCode] of dependents.entries()) compileFunction(depCode, params, { filename: path.join(root, `dep${index + 1}.ts`) });
    const record = { exports: {} };
    run(record.exports, () => ({}), record);
    db.transaction(() => insert.run(hash, packed))();
  };
  try {
    const medians: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      await timeEach(warmup, (index) => once(module(round * 10_000 + index)));
      // Generated before the clock starts: making the text is no part of a reload.
      const texts = Array.from({ length: reloads }, (_, index) => module(round * 10_000 + 100 + index));
      medians.push(percentile(await timeEach(reloads, (index) => once(texts[index] as string)), 50));
    }
    return spread(medians);
  } finally {
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
}
