import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CompileCache } from '../../electron/runtime/compile-cache';
import type { ModuleId } from '../../shared/ids';
import { startEngine, stopEngine, writeModule } from '../support/engine';
import { makeProject } from '../support/project-workspace';

const compiledDir = (root: string) => path.join(root, '.saraphina', 'compiled');

/** The cache is written in the background: wait until every module has its file. */
async function cacheFiles(root: string, count: number): Promise<string[]> {
  for (;;) {
    const files = existsSync(compiledDir(root)) ? readdirSync(compiledDir(root)).filter((name) => name.endsWith('.js')) : [];
    if (files.length >= count) return files.map((name) => path.join(compiledDir(root), name));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('compiled code kept across opens', () => {
  test('a reopened workspace runs what is on disk: a file changed while closed, or a torn or foreign cache file, is compiled again', async () => {
    const root = makeProject({
      'package.json': { name: 'agent', type: 'module' },
      'saraphina.config.json': { typeCheck: false },
      'src/answer.ts': 'export const answer = (): number => 1;\n',
      'src/main.ts': "import { answer } from './answer';\nexport const twice = (): number => answer() * 2;\n",
    });
    const call = async (engine: Awaited<ReturnType<typeof startEngine>>) => engine.runtime.call('main' as ModuleId, 'twice', []);
    let engine = await startEngine(root);
    expect(await call(engine)).toBe(2);
    await stopEngine(engine);
    const files = await cacheFiles(root, 2);

    // Changed while the app was closed: the new code runs, not the cached compile of the old.
    writeModule(root, 'answer', 'export const answer = (): number => 5;\n');
    engine = await startEngine(root);
    expect(await call(engine)).toBe(10);
    await stopEngine(engine);

    // One cache file torn mid-write, the other holding the first one's code under its name.
    const [first, second] = files as [string, string];
    writeFileSync(second, readFileSync(first, 'utf8'));
    writeFileSync(first, readFileSync(first, 'utf8').slice(0, -5));
    engine = await startEngine(root);
    expect(await call(engine)).toBe(10);
    await stopEngine(engine);
  });

  test('a hit needs the same source and options; a torn file is a miss', async () => {
    const root = makeProject({ 'package.json': { name: 'x' } });
    const cache = new CompileCache(compiledDir(root));
    const key = CompileCache.key('export const a = 1;', { loader: 'ts' });
    expect(CompileCache.key('export const a = 1;', { loader: 'tsx' })).not.toBe(key);
    expect(CompileCache.key('export const a = 2;', { loader: 'ts' })).not.toBe(key);
    cache.set('/w/a.ts', key, 'exports.a = 1;');
    const [file] = await cacheFiles(root, 1);
    expect(cache.get('/w/a.ts', key)).toBe('exports.a = 1;');
    expect(cache.get('/w/a.ts', CompileCache.key('export const a = 2;', { loader: 'ts' }))).toBeNull();
    expect(cache.get('/w/b.ts', key)).toBeNull();
    writeFileSync(file as string, readFileSync(file as string, 'utf8').slice(0, -3));
    expect(cache.get('/w/a.ts', key)).toBeNull();
  });
});
