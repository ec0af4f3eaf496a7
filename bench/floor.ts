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
 * The least any runtime must do to reload the 500-line module durably with its 3 dependents:
 * write and read the file, hash and compress it, one esbuild transform, compile the module and
 * its dependents, evaluate the module once, one fsync'd SQLite commit. No checks, no history,
 * no cascade bookkeeping: the figure the product's reload is held against (≤ 3× it).
 */
export async function reloadFloor(rounds = 3, reloads = 300): Promise<Spread> {
  const root = mkdtempSync(path.join(tmpdir(), 'saraphina-floor-'));
  const db = new Database(path.join(root, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE versions (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO versions (hash, data) VALUES (?, ?)');
  const file = path.join(root, 'core.ts');
  const esbuild: TransformOptions = { loader: 'ts', format: 'cjs', platform: 'node', target: 'node22' };
  const dependents = await Promise.all([1, 2, 3].map(async (index) => (await transform(dependent(index), esbuild)).code));
  const once = async (generation: number): Promise<void> => {
    writeFileSync(file, largeModule(generation));
    const source = readFileSync(file, 'utf8');
    const hash = sha256(source);
    const packed = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
    const { code } = await transform(source, esbuild);
    const params = ['exports', 'require', 'module'];
    const run = compileFunction(code, params, { filename: file }) as ModuleFunction;
    for (const [index, depCode] of dependents.entries()) compileFunction(depCode, params, { filename: path.join(root, `dep${index + 1}.ts`) });
    const module = { exports: {} };
    run(module.exports, () => ({}), module);
    db.transaction(() => insert.run(hash, packed))();
  };
  try {
    const medians: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      await timeEach(20, (index) => once(round * 10_000 + index));
      medians.push(percentile(await timeEach(reloads, (index) => once(round * 10_000 + 100 + index)), 50));
    }
    return spread(medians);
  } finally {
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
}
