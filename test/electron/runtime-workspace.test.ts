import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeModules } from '../../electron/runtime/module-info';
import { Workspace } from '../../electron/runtime/workspace';
import { makeProject } from '../support/project-workspace';
import { runCli } from '../support/run-cli';
import { id, openRuntime } from '../support/temp-workspace';

/** A multi-folder service: nested folders, dotted names, an index folder, tests beside the code. */
function multiFolderProject(): string {
  return makeProject({
    'package.json': { name: 'svc', version: '1.0.0', type: 'module' },
    'tsconfig.json': { compilerOptions: { module: 'nodenext', strict: true } },
    'src/index.ts': [
      "import { echo } from './tools/echo.js';",
      "import { greet } from './services/user.service.js';",
      "import { version } from './lib';",
      'export const hello = (name: string) => `${echo(greet(name))} v${version}`;',
      '',
    ].join('\n'),
    'src/tools/echo.ts': 'export const echo = (text: string) => text;\n',
    'src/tools/echo.smoke.ts': "export default function smoke(m: { echo(t: string): string }) { if (m.echo('x') !== 'x') throw new Error('echo'); }\n",
    'src/tools/helper.ts': 'export const h = 1;\n',
    'src/lib/index.ts': "export { h } from './helper';\nexport const version = 2;\n",
    'src/lib/helper.ts': 'export const h = 2;\n',
    'src/services/user.service.ts': 'export const greet = (name: string) => `hi ${name}`;\n',
    'src/services/user.service.test.ts': "throw new Error('a test file must never load');\n",
    'src/__tests__/helpers.ts': "throw new Error('a test folder must never load');\n",
    'src/types.d.ts': 'declare const x: number;\n',
    'src/unused/extra.ts': "globalThis.extraRan = true;\nexport const extra = () => 'extra';\n",
  });
}

describe('what a workspace is', () => {
  test('nested folders become ids relative to src/; only what the entry imports loads', async () => {
    const root = multiFolderProject();
    const runtime = await openRuntime(root);
    expect(runtime.workspace.sourceRoot).toBe(path.join(runtime.workspace.root, 'src'));
    expect(runtime.moduleIds()).toEqual([
      'index',
      'lib/helper',
      'lib/index',
      'services/user.service',
      'tools/echo',
      'tools/helper',
      'unused/extra',
    ]);
    const loaded = Object.fromEntries(describeModules(runtime).map((module) => [module.id, module.loaded]));
    expect(loaded).toEqual({
      index: true,
      'lib/helper': true,
      'lib/index': true,
      'services/user.service': true,
      'tools/echo': true,
      'tools/helper': false,
      'unused/extra': false,
    });
    expect((globalThis as { extraRan?: boolean }).extraRan).toBeUndefined();
    expect(await runtime.call(id('index'), 'hello', ['ada'])).toBe('hi ada v2');
    expect(runtime.graph.dependencies(id('index'))).toEqual(['lib/index', 'services/user.service', 'tools/echo']);
    expect(runtime.workspace.smokeTestPath(id('tools/echo'))).toBe(path.join(runtime.workspace.root, 'src/tools/echo.smoke.ts'));

    await runtime.load(id('unused/extra'));
    expect(await runtime.call(id('unused/extra'), 'extra', [])).toBe('extra');
    delete (globalThis as { extraRan?: boolean }).extraRan;
  });

  test('a unique suffix names a module; an ambiguous one is refused with the candidates', async () => {
    const runtime = await openRuntime(multiFolderProject());
    const { workspace } = runtime;
    expect(workspace.parseModuleId('echo')).toBe('tools/echo');
    expect(workspace.parseModuleId('user.service')).toBe('services/user.service');
    expect(workspace.parseModuleId('tools/echo.ts')).toBe('tools/echo');
    expect(() => workspace.parseModuleId('helper')).toThrowError(
      expect.objectContaining({ code: 'AMBIGUOUS_ID', message: expect.stringContaining('lib/helper, tools/helper') }),
    );
    expect(workspace.parseModuleId('lib/helper')).toBe('lib/helper');
    expect(() => workspace.parseModuleId('../x')).toThrowError(expect.objectContaining({ code: 'OUTSIDE_WORKSPACE' }));
  });

  test('source root: tsconfig rootDir, else src/, else the folder itself', () => {
    const withRootDir = makeProject({ 'tsconfig.json': { compilerOptions: { rootDir: 'lib' } }, 'lib/a.ts': '', 'src/b.ts': '' });
    expect(Workspace.open(withRootDir).listModuleIds()).toEqual(['a']);
    const flat = makeProject({ 'package.json': { name: 'flat' }, 'a.js': '', 'tools/b.mjs': '', 'node_modules/x/index.js': '' });
    expect(Workspace.open(flat).listModuleIds()).toEqual(['a', 'tools/b']);
    const viaExtends = makeProject({
      'tsconfig.base.json': { compilerOptions: { rootDir: './code', outDir: './build' } },
      'tsconfig.json': { extends: './tsconfig.base.json' },
      'code/a.ts': '',
      'build/a.js': '',
    });
    expect(Workspace.open(viaExtends).listModuleIds()).toEqual(['a']);
  });

  test('a folder with neither package.json nor tsconfig.json is refused with a hint', () => {
    const empty = makeProject({ 'notes.txt': 'hello' });
    expect(() => Workspace.open(empty)).toThrowError(expect.objectContaining({ code: 'WORKSPACE_NOT_FOUND' }));
  });
});

describe('entry points', () => {
  const servers = {
    'src/server-a.ts': "globalThis.started = [...(globalThis.started ?? []), 'a'];\nexport const a = 1;\n",
    'src/server-b.ts': "globalThis.started = [...(globalThis.started ?? []), 'b'];\nexport const b = 1;\n",
  };
  const started = (): string[] => {
    const value = (globalThis as { started?: string[] }).started ?? [];
    delete (globalThis as { started?: string[] }).started;
    return value;
  };

  test('package.json main is mapped from the build output back to the source (outDir → rootDir)', async () => {
    const root = makeProject({
      'package.json': { name: 'two-servers', main: './dist/server-b.js' },
      'tsconfig.json': { compilerOptions: { rootDir: 'src', outDir: 'dist' } },
      ...servers,
    });
    const runtime = await openRuntime(root);
    expect(started()).toEqual(['b']);
    expect(runtime.current(id('server-a'))).toBeUndefined();
  });

  test('package.json exports wins over main; saraphina.config.json entry wins over both', async () => {
    const manifest = { name: 'x', main: './dist/server-a.js', exports: { '.': { types: './dist/x.d.ts', import: './dist/server-b.js' } } };
    const tsconfig = { compilerOptions: { outDir: 'dist' } };
    await openRuntime(makeProject({ 'package.json': manifest, 'tsconfig.json': tsconfig, ...servers }));
    expect(started()).toEqual(['b']);
    const configured = makeProject({
      'package.json': manifest,
      'tsconfig.json': tsconfig,
      'saraphina.config.json': { entry: ['server-a', 'src/server-b.ts'] },
      ...servers,
    });
    await openRuntime(configured);
    expect(started()).toEqual(['a', 'b']);
  });

  test('else index; a project without any entry loads every module', async () => {
    await openRuntime(makeProject({ 'package.json': { name: 'x' }, 'src/index.ts': "import './server-a';\n", ...servers }));
    expect(started()).toEqual(['a']);
    await openRuntime(makeProject({ 'package.json': { name: 'x' }, ...servers }));
    expect(started().sort()).toEqual(['a', 'b']);
  });
});

describe('the agent sees the workspace root as its working directory', () => {
  test('module code: process.cwd() is the workspace root (the app keeps its own)', async () => {
    const root = makeProject({ 'package.json': { name: 'x' }, 'src/index.ts': 'export const cwd = () => process.cwd();\n' });
    const before = process.cwd();
    const runtime = await openRuntime(root);
    expect(await runtime.call(id('index'), 'cwd', [])).toBe(runtime.workspace.root);
    expect(process.cwd()).toBe(before);
  });

  test('CLI: modules --json lists nested ids with loaded: false for files no entry reaches; call runs with cwd = root', async () => {
    const root = multiFolderProject();
    writeFileSync(path.join(root, '.env'), 'GREETING=from-dotenv\n');
    // A package reading .env relative to the working directory, as dotenv does.
    writeFileSync(path.join(root, 'src', 'unused', 'extra.ts'), "import { readEnv } from 'env-reader';\nexport const greeting = () => readEnv().GREETING;\n");
    const { writeFiles } = await import('../support/project-workspace');
    writeFiles(root, {
      'node_modules/env-reader/package.json': { name: 'env-reader', version: '1.0.0', main: 'index.js' },
      'node_modules/env-reader/index.js':
        "const fs = require('node:fs');\nexports.readEnv = () => Object.fromEntries(fs.readFileSync('.env', 'utf8').trim().split('\\n').map((l) => l.split('=')));\n",
      'saraphina.config.json': { entry: ['index', 'unused/extra'] },
    });
    const home = makeProject({});
    const listed = await runCli(['modules', '--json', '--workspace', root], '', { SARAPHINA_HOME: home });
    expect(listed.stderr).toBe('');
    const modules = JSON.parse(listed.stdout) as { id: string; loaded: boolean }[];
    expect(modules.map((module) => [module.id, module.loaded])).toEqual([
      ['index', true],
      ['lib/helper', true],
      ['lib/index', true],
      ['services/user.service', true],
      ['tools/echo', true],
      ['tools/helper', false],
      ['unused/extra', true],
    ]);
    const called = await runCli(['call', 'extra.greeting', '--json', '--workspace', root], '', { SARAPHINA_HOME: home });
    expect(JSON.parse(called.stdout)).toEqual({ result: 'from-dotenv' });
  });
});
