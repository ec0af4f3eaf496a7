import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { linkPackage, makeProject, writeFiles } from '../support/project-workspace';
import { startEngine } from '../support/engine';
import { id, openRuntime } from '../support/temp-workspace';

const ESM = { name: 'esm-project', version: '1.0.0', type: 'module' };
const call = async (root: string, module: string, fn: string, ...args: unknown[]): Promise<unknown> =>
  (await openRuntime(root)).call(id(module), fn, args);

/** Opens the project, checks `fn` of `module`, swaps `module` to `next`, checks again. */
async function loadThenReload(
  root: string,
  module: string,
  fn: string,
  expected: unknown,
  next: string,
  expectedAfter: unknown,
  caller = module,
): Promise<void> {
  const runtime = await openRuntime(root);
  expect(runtime.record(id(module))?.lastError ?? null).toBeNull();
  expect(await runtime.call(id(caller), fn, [])).toEqual(expected);
  await runtime.swap(id(module), next);
  if (caller !== module) await reinstantiate(runtime, caller);
  expect(await runtime.call(id(caller), fn, [])).toEqual(expectedAfter);
}

async function reinstantiate(runtime: Awaited<ReturnType<typeof openRuntime>>, module: string): Promise<void> {
  await runtime.swap(id(module), runtime.workspace.readModuleSource(id(module)));
}

describe('resolution', () => {
  test('nested folders, index folders and .js/.mjs/.cjs specifiers naming .ts/.mts/.cts sources', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': [
        "import { a } from './lib/a.js';",
        "import { b } from './lib/b.mjs';",
        "import { c } from './lib/c.cjs';",
        "import { d } from './lib';",
        'export const all = () => [a, b, c, d].join();',
      ].join('\n'),
      'src/lib/a.ts': "export const a = 'a';\n",
      'src/lib/b.mts': "export const b = 'b';\n",
      'src/lib/c.cts': "export const c = 'c';\n",
      'src/lib/index.ts': "export const d = 'd';\n",
    });
    await loadThenReload(root, 'lib/b', 'all', 'a,b,c,d', "export const b = 'B';\n", 'a,B,c,d', 'index');
  });

  test('every source extension is a module: .tsx .jsx .js .mjs .cjs', async () => {
    const root = makeProject({
      'package.json': { name: 'mixed' },
      'tsconfig.json': { compilerOptions: { jsx: 'react', jsxFactory: 'h' } },
      'src/index.ts': [
        "import { view } from './view';",
        "import { plain } from './plain';",
        "import { modern } from './modern.mjs';",
        "import { old } from './old.cjs';",
        "import { legacy } from './legacy';",
        'export const all = () => [view(), plain, modern, old, legacy].join();',
      ].join('\n'),
      'src/view.tsx': "const h = (tag: string, _p: unknown, text: string) => `<${tag}>${text}</${tag}>`;\nexport const view = () => <b>{'tsx'}</b>;\n",
      'src/legacy.jsx': "const h = (tag, _p, text) => `<${tag}>${text}</${tag}>`;\nexport const legacy = <i>{'jsx'}</i>;\n",
      'src/plain.js': "exports.plain = 'js';\n",
      'src/modern.mjs': "export const modern = 'mjs';\n",
      'src/old.cjs': "module.exports = { old: 'cjs' };\n",
    });
    await loadThenReload(root, 'old', 'all', '<b>tsx</b>,js,mjs,cjs,<i>jsx</i>', "module.exports = { old: 'CJS' };\n", '<b>tsx</b>,js,mjs,CJS,<i>jsx</i>', 'index');
  });

  test('a CommonJS project: require, module.exports and __dirname in .js files', async () => {
    const root = makeProject({
      'package.json': { name: 'cjs-project', main: 'lib/main.js' },
      'lib/main.js': "const { twice } = require('./math');\nexports.run = () => twice(21) + ':' + require('node:path').basename(__dirname);\n",
      'lib/math.js': 'module.exports.twice = (n) => n * 2;\n',
    });
    await loadThenReload(root, 'lib/math', 'run', '42:lib', 'module.exports.twice = (n) => n * 3;\n', '63:lib', 'lib/main');
  });

  test('tsconfig paths and baseUrl', async () => {
    const root = makeProject({
      'package.json': ESM,
      'tsconfig.json': { compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'], '#config': ['src/config/settings.ts'] } } },
      'src/index.ts': "import { x } from '@/deep/x';\nimport { setting } from '#config';\nexport const both = () => `${x}-${setting}`;\n",
      'src/deep/x.ts': "export const x = 'x';\n",
      'src/config/settings.ts': "export const setting = 's';\n",
    });
    await loadThenReload(root, 'deep/x', 'both', 'x-s', "export const x = 'X';\n", 'X-s', 'index');
  });

  test('export * and export * as ns, through live namespaces', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': "export * from './parts/a';\nexport * as b from './parts/b';\nimport { a, b } from './index';\nexport const show = () => `${a()} ${b.name()}`;\n",
      'src/parts/a.ts': "export const a = () => 'a1';\n",
      'src/parts/b.ts': "export const name = () => 'b1';\n",
    });
    await loadThenReload(root, 'parts/b', 'show', 'a1 b1', "export const name = () => 'b2';\n", 'a1 b2', 'index');
  });

  test('circular imports see each other once loaded', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': "import { ping } from './ping';\nexport const run = () => ping(3);\n",
      'src/ping.ts': "import { pong } from './pong';\nexport const ping = (n: number): string => (n === 0 ? 'ping' : pong(n - 1));\n",
      'src/pong.ts': "import { ping } from './ping';\nexport const pong = (n: number): string => (n === 0 ? 'pong' : ping(n - 1));\n",
    });
    await loadThenReload(
      root,
      'pong',
      'run',
      'pong',
      "import { ping } from './ping';\nexport const pong = (n: number): string => (n === 0 ? 'PONG' : ping(n - 1));\n",
      'PONG',
      'index',
    );
  });
});

describe('ESM semantics', () => {
  test('import.meta.url, dirname and filename are the real source file', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/tools/where.ts': [
        "import { fileURLToPath } from 'node:url';",
        "import { createRequire } from 'node:module';",
        'export const where = () => [import.meta.url, import.meta.dirname, import.meta.filename, fileURLToPath(import.meta.url)];',
        "export const req = () => typeof createRequire(import.meta.url)('node:path').join;",
      ].join('\n'),
    });
    const runtime = await openRuntime(root);
    const file = path.join(runtime.workspace.root, 'src/tools/where.ts');
    expect(await runtime.call(id('tools/where'), 'where', [])).toEqual([pathToFileURL(file).href, path.dirname(file), file, file]);
    expect(await runtime.call(id('tools/where'), 'req', [])).toBe('function');
    await runtime.swap(id('tools/where'), 'export const where = () => [import.meta.filename];\nexport const req = () => 1;\n');
    expect(await runtime.call(id('tools/where'), 'where', [])).toEqual([file]);
  });

  test("a module's own top-level __filename, __dirname, require, hot, console and process are its own", async () => {
    const own = (generation: number) =>
      [
        "import path from 'node:path';",
        "import { fileURLToPath } from 'node:url';",
        "import { createRequire } from 'node:module';",
        'const __filename = fileURLToPath(import.meta.url);',
        'const __dirname = path.dirname(__filename);',
        'const require = createRequire(import.meta.url);',
        `const hot = 'mine ${generation}';`,
        "let console = { tag: 'own console' };",
        'class process {}',
        "export const where = () => [__filename, __dirname, typeof require('node:os').cpus, hot, console.tag, typeof process];",
      ].join('\n');
    const root = makeProject({
      'package.json': ESM,
      'src/tools/own.ts': own(1),
      // CommonJS: a #! line, the directive, and its own `process`, as Node runs it.
      'src/tools/plain.cjs': "#!/usr/bin/env node\n'use strict';\nconst process = require('node:process');\nconst sloppy = (function () { return this; })() !== undefined;\nmodule.exports = { strict: () => !sloppy, same: () => process === globalThis.process };\n",
    });
    const runtime = await openRuntime(root);
    const file = path.join(runtime.workspace.root, 'src/tools/own.ts');
    expect(runtime.record(id('tools/own'))?.lastError ?? null).toBeNull();
    expect(await runtime.call(id('tools/own'), 'where', [])).toEqual([file, path.dirname(file), 'function', 'mine 1', 'own console', 'function']);
    await runtime.swap(id('tools/own'), own(2));
    expect(await runtime.call(id('tools/own'), 'where', [])).toEqual([file, path.dirname(file), 'function', 'mine 2', 'own console', 'function']);
    expect(runtime.record(id('tools/plain'))?.lastError ?? null).toBeNull();
    expect(await runtime.call(id('tools/plain'), 'strict', [])).toBe(true);
    expect(await runtime.call(id('tools/plain'), 'same', [])).toBe(true);
  });

  test('a top-level await under a NodeNext tsconfig, beside its own __dirname and require', async () => {
    const root = makeProject({
      'package.json': ESM,
      'tsconfig.json': { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', customConditions: ['dev'], verbatimModuleSyntax: true } },
      'src/styles.ts': [
        "import { readFile } from 'node:fs/promises';",
        "import { createRequire } from 'node:module';",
        "import path from 'node:path';",
        "import { fileURLToPath } from 'node:url';",
        'const __dirname = path.dirname(fileURLToPath(import.meta.url));',
        // TypeScript's CommonJS output calls `require` for its imports: this one must not be it.
        'const require = createRequire(import.meta.url);',
        "const text = await readFile(require.resolve('./main.css'), 'utf8');",
        'const own = { require, dir: __dirname };',
        'export const css = () => [text, typeof own.require.resolve, own.dir === path.dirname(require.resolve(\'./main.css\'))];',
      ].join('\n'),
      'src/main.css': 'body { margin: 0 }\n',
    });
    const runtime = await openRuntime(root);
    expect(runtime.record(id('styles'))?.lastError ?? null).toBeNull();
    await runtime.current(id('styles'))?.settled;
    expect(await runtime.call(id('styles'), 'css', [])).toEqual(['body { margin: 0 }\n', 'function', true]);
  });

  test('top-level await: importers run after it settles; a reload awaits it again', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': "import { config } from './config';\nconst atLoad = config.port;\nexport const port = () => [atLoad, config.port];\n",
      'src/config.ts':
        'const load = () => new Promise<{ port: number }>((resolve) => setTimeout(() => resolve({ port: 8080 }), 20));\nexport const config = await load();\nexport const ready = () => config.port > 0;\n',
    });
    const runtime = await openRuntime(root);
    expect(await runtime.call(id('index'), 'port', [])).toEqual([8080, 8080]);
    const next = await runtime.compile(id('config'), 'export const config = await Promise.resolve({ port: 9090 });\nexport const ready = () => true;\n');
    const candidate = await runtime.instantiateSettled(next);
    expect((candidate.exports['config'] as { port: number }).port).toBe(9090);
    runtime.disposeVersion(candidate);
    runtime.replace(id('config'), next);
    await runtime.current(id('config'))?.settled;
    expect(await runtime.call(id('index'), 'port', [])).toEqual([8080, 9090]);
  });

  test('a top-level await that rejects is a load failure with the source line', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': "await Promise.resolve();\n\nthrow new Error('no config');\n",
    });
    const runtime = await openRuntime(root);
    expect(runtime.record(id('index'))?.lastError?.message).toMatch(/index\.ts threw while loading: no config \(at index\.ts:3:7\)/);
  });

  test('dynamic import() of a workspace module is live; of a package works too', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': [
        'const lazy = await import(\'./lazy.js\');',
        "export const now = async () => (await import('./lazy.js')).value();",
        'export const held = () => lazy.value();',
        "export const pkg = async () => typeof (await import('node:path')).join;",
      ].join('\n'),
      'src/lazy.ts': 'export const value = () => 1;\n',
    });
    const runtime = await openRuntime(root);
    expect(await runtime.call(id('index'), 'now', [])).toBe(1);
    expect(await runtime.call(id('index'), 'pkg', [])).toBe('function');
    await runtime.swap(id('lazy'), 'export const value = () => 2;\n');
    expect(await runtime.call(id('index'), 'now', [])).toBe(2);
    expect(await runtime.call(id('index'), 'held', [])).toBe(2);
  });

  test('legacy decorators with metadata when tsconfig asks; TC39 decorators otherwise', async () => {
    const legacy = makeProject({
      'package.json': ESM,
      'tsconfig.json': { compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } },
      'src/index.ts': [
        'const seen: string[] = [];',
        'function Log(target: object, key: string) { seen.push(`${key}:${String((Reflect as any).getMetadata?.("design:type", target, key) ?? typeof (target as any).constructor)}`); }',
        'const meta: Record<string, unknown> = {};',
        '(Reflect as any).metadata = (k: string, v: unknown) => () => { meta[k] = v; };',
        'class Service { @Log name: string = "s"; @Log count(n: number): number { return n; } }',
        'export const run = () => [seen.length, meta["design:paramtypes"] === undefined ? "no" : "paramtypes", new Service().count(3)];',
      ].join('\n'),
    });
    const runtime = await openRuntime(legacy);
    expect(runtime.record(id('index'))?.lastError ?? null).toBeNull();
    expect(await runtime.call(id('index'), 'run', [])).toEqual([2, 'paramtypes', 3]);
    delete (Reflect as { metadata?: unknown }).metadata;

    const modern = makeProject({
      'package.json': ESM,
      'src/index.ts': [
        'function twice(method: (n: number) => number, _context: ClassMethodDecoratorContext) { return (n: number) => method(n) * 2; }',
        'class Calc { @twice add(n: number) { return n + 1; } }',
        'export const run = () => new Calc().add(1);',
      ].join('\n'),
    });
    await loadThenReload(modern, 'index', 'run', 4, 'export const run = () => 5;\n', 5);
  });
});

describe('JSON', () => {
  test('plain, with { type: "json" } and require(); a reload of the JSON file reaches its importers', async () => {
    const root = makeProject({
      'package.json': ESM,
      'config/app.json': { name: 'app', limits: { max: 3 } },
      'src/index.ts': [
        "import app from '../config/app.json';",
        "import again from '../config/app.json' with { type: 'json' };",
        "import { createRequire } from 'node:module';",
        "const viaRequire = require('../config/app.json');",
        'export const max = () => [app.limits.max, again.limits.max, viaRequire.limits.max];',
        "export const viaCreateRequire = () => createRequire(import.meta.url)('../config/app.json').name;",
      ].join('\n'),
    });
    const engine = await startEngine(root);
    expect(await engine.runtime.call(id('index'), 'max', [])).toEqual([3, 3, 3]);
    expect(engine.runtime.graph.dependents(id('config/app.json'))).toEqual(['index']);
    writeFiles(root, { 'config/app.json': { name: 'app', limits: { max: 7 } } });
    const result = await engine.reloads.hotReloadModule('app.json');
    expect(result.outcome).toBe('reloaded');
    // index reads the JSON only inside max(): live bindings give it the new values, no re-run.
    expect(result.cascade).toEqual([]);
    expect(result.kept).toEqual([{ module: 'index', reason: expect.stringContaining('live bindings') }]);
    expect(await engine.runtime.call(id('index'), 'max', [])).toEqual([7, 7, 7]);
  });

  test('a JSON file that is not valid JSON fails its reload and the old data keeps serving', async () => {
    const root = makeProject({ 'package.json': ESM, 'src/data.json': '{"n": 1}', 'src/index.ts': "import d from './data.json';\nexport const n = () => d.n;\n" });
    const engine = await startEngine(root);
    writeFileSync(path.join(root, 'src/data.json'), '{"n": ');
    const result = await engine.reloads.hotReloadModule('data.json');
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toMatch(/data\.json does not compile/);
    expect(await engine.runtime.call(id('index'), 'n', [])).toBe(1);
  });
});

describe("the workspace's own packages", () => {
  test('ESM-only and CommonJS packages load from the workspace node_modules', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/index.ts': "import { esm } from 'esm-only';\nimport cjs from 'cjs-pkg';\nimport { sub } from 'esm-only/sub';\nexport const both = () => `${esm()} ${cjs.cjs()} ${sub}`;\n",
      'node_modules/esm-only/package.json': { name: 'esm-only', type: 'module', exports: { '.': { import: './lib/index.js' }, './sub': { import: './lib/sub.js' } } },
      'node_modules/esm-only/lib/index.js': "export const esm = () => 'esm';\n",
      'node_modules/esm-only/lib/sub.js': "export const sub = 'sub';\n",
      'node_modules/cjs-pkg/package.json': { name: 'cjs-pkg', main: 'main.js' },
      'node_modules/cjs-pkg/main.js': "exports.cjs = () => 'cjs';\n",
    });
    await loadThenReload(root, 'index', 'both', 'esm cjs sub', "export const both = () => 'edited';\n", 'edited');
  });

  test("a package missing from the workspace is MODULE_NOT_FOUND naming it and the importer, never the app's copy", async () => {
    const root = makeProject({ 'package.json': ESM, 'src/tools/use-zod.ts': "import { z } from 'zod';\nexport const s = z.string();\n" });
    const runtime = await openRuntime(root);
    const error = runtime.record(id('tools/use-zod'))?.lastError;
    expect(error?.code).toBe('MODULE_NOT_FOUND');
    expect(error?.message).toBe('Cannot find package "zod" imported from tools/use-zod.ts: it is not installed in this workspace.');
    linkPackage(root, 'zod');
    runtime.record(id('tools/use-zod'))!.lastError = null;
    await runtime.load(id('tools/use-zod'));
    expect(runtime.current(id('tools/use-zod'))).toBeDefined();
  });
});

describe('error locations name the source file and its own line', () => {
  test('a throw at load in a nested module, and in a call', async () => {
    const root = makeProject({
      'package.json': ESM,
      'src/tools/bad.ts': "type T = { a: number };\nconst t: T = { a: 1 };\nexport const boom = (): never => {\n  throw new Error(`boom ${t.a}`);\n};\nif (t.a > 1) boom();\n",
    });
    const runtime = await openRuntime(root);
    await expect(runtime.call(id('tools/bad'), 'boom', [])).rejects.toThrow(/threw: boom 1 \(at tools\/bad\.ts:4:9\)/);
    await expect(runtime.swap(id('tools/bad'), "interface I { x: 1 }\nthrow new Error('at load');\n")).rejects.toThrow(
      /tools\/bad\.ts threw while loading: at load \(at tools\/bad\.ts:2:7\)/,
    );
    await expect(call(root, 'tools/bad', 'boom')).rejects.toThrow(/boom 1/);
  });

  test('a throw on the first line keeps its column, with and without a "use strict" directive', async () => {
    const root = makeProject({
      'package.json': { name: 'cjs' },
      'src/first.js': "const x = 1; throw new Error('first ' + x);\n",
      'src/strict.js': "'use strict'; const y = 2;\nthrow new Error('second ' + y);\n",
    });
    const runtime = await openRuntime(root);
    expect(runtime.record(id('first'))?.lastError?.message).toMatch(/first\.js threw while loading: first 1 \(at first\.js:1:20\)/);
    expect(runtime.record(id('strict'))?.lastError?.message).toMatch(/strict\.js threw while loading: second 2 \(at strict\.js:2:7\)/);
  });
});
