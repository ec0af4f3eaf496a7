import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startEngine, writeModule } from '../support/engine';
import { makeProject } from '../support/project-workspace';

const PACKAGE = { name: 'agent', type: 'module', main: 'src/main.ts' };

async function open(files: Record<string, string>) {
  const root = makeProject({ 'package.json': PACKAGE, 'saraphina.config.json': { typeCheck: false }, ...files });
  const engine = await startEngine(root);
  const exportsOf = (module: string) => engine.runtime.current(module as ModuleId)?.exports as Record<string, unknown>;
  return { root, engine, exportsOf };
}

describe("a module's exports object", () => {
  const files = {
    'src/base.ts': 'export let count = 0;\nexport function bump(): number { count += 1; return count; }\n',
    'src/lib.ts': "export * from './base';\nexport const name = 'lib';\nexport class Tool { run(): string { return 'run'; } }\nexport default function main(): string { return 'default'; }\n",
    'src/clash.ts': "export const clash_exports = 1;\nexport const text = 'clash_exports';\n",
    'src/main.ts': "import * as lib from './lib';\nimport main, { bump, count } from './lib';\nimport { clash_exports } from './clash';\nexport const read = () => [count, lib.count, main(), clash_exports] as const;\nexport const step = () => bump();\n",
  };

  test('is marked as an ES module, lists its exports and re-exports in order, and its bindings stay live', async () => {
    const { engine, exportsOf } = await open(files);
    const lib = exportsOf('lib');
    expect(lib['__esModule']).toBe(true);
    expect(Object.getOwnPropertyDescriptor(lib, '__esModule')).toMatchObject({ enumerable: false, writable: false });
    expect(Object.keys(lib)).toEqual(['Tool', 'default', 'name', 'bump', 'count']);
    for (const key of Object.keys(lib)) expect(Object.getOwnPropertyDescriptor(lib, key)).toMatchObject({ enumerable: true, configurable: false, set: undefined });
    expect(() => {
      'use strict';
      lib['name'] = 'changed';
    }).toThrow(TypeError);
    const ns = (module: string) => engine.runtime.namespace(module as ModuleId);
    expect((ns('main')['read'] as () => unknown[])()).toEqual([0, 0, 'default', 1]);
    (ns('main')['step'] as () => number)();
    (ns('main')['step'] as () => number)();
    expect(lib['count']).toBe(2);
    expect((ns('main')['read'] as () => unknown[])()).toEqual([2, 2, 'default', 1]);
    // A binding named like esbuild's own table of exports: the module is evaluated as compiled.
    expect(exportsOf('clash')).toMatchObject({ clash_exports: 1, text: 'clash_exports' });
  });

  test('a reload keeps the same shape', async () => {
    const { root, engine, exportsOf } = await open(files);
    writeModule(root, 'lib', files['src/lib.ts'].replace("'lib'", "'lib 2'"));
    expect((await engine.reloads.hotReloadModule('lib', { probationMs: 0 })).outcome).toBe('reloaded');
    expect(exportsOf('lib')['name']).toBe('lib 2');
    expect(Object.keys(exportsOf('lib'))).toEqual(['Tool', 'default', 'name', 'bump', 'count']);
    expect(exportsOf('lib')['__esModule']).toBe(true);
  });
});
