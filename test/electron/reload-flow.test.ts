import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startEngine, writeModule } from '../support/engine';
import { makeProject } from '../support/project-workspace';
import { id } from '../support/temp-workspace';

const PACKAGE = { name: 'agent', type: 'module', main: 'src/main.ts' };
const starts = (): number => (globalThis as { __reloadFlowStarts?: number }).__reloadFlowStarts ?? 0;

/** An entry that "starts the agent" (counted), a service using only live bindings, a banner reading a value at load. */
function agentFiles(mainExtra = ''): Record<string, string | object> {
  return {
    'package.json': PACKAGE,
    'src/tools.ts': "export function greet(name: string): string { return 'hello ' + name; }\nexport const VERSION = 1;\n",
    'src/service.ts': "import { greet } from './tools';\nexport function handle(name: string): string { return greet(name); }\n",
    'src/banner.ts': "import { VERSION } from './tools';\nexport const banner = 'v' + VERSION;\n",
    'src/main.ts': [
      "import { handle } from './service';",
      "import { banner } from './banner';",
      'const g = globalThis as { __reloadFlowStarts?: number };',
      'g.__reloadFlowStarts = (g.__reloadFlowStarts ?? 0) + 1;',
      mainExtra,
      "export function run(name: string): string { return handle(name) + ' ' + banner; }",
    ].join('\n'),
  };
}

async function open(files: Record<string, string | object>, config?: object) {
  const root = makeProject(config === undefined ? files : { ...files, 'saraphina.config.json': config });
  const engine = await startEngine(root);
  const call = (module: string, fn: string, ...args: unknown[]) => engine.runtime.call(module as ModuleId, fn, args);
  const reload = (module: string, source: string) => {
    writeModule(root, module, source);
    return engine.reloads.hotReloadModule(module, { probationMs: 0 });
  };
  return { root, engine, call, reload };
}

describe('what re-runs (scenario 4)', () => {
  test('a changed function re-runs only its module: importers and the entry keep running and call the new code', async () => {
    const { call, reload } = await open(agentFiles());
    const before = starts();
    expect(await call('main', 'run', 'ada')).toBe('hello ada v1');

    const result = await reload('tools', "export function greet(name: string): string { return 'hi ' + name; }\nexport const VERSION = 1;\n");

    expect(result.outcome).toBe('reloaded');
    expect(result.reran).toEqual([{ module: 'tools', reason: 'its file changed' }]);
    expect(result.cascade).toEqual([]);
    expect(result.kept).toEqual(
      expect.arrayContaining([
        { module: 'service', reason: expect.stringContaining('live bindings') },
        { module: 'banner', reason: expect.stringContaining('live bindings') },
      ]),
    );
    expect(starts()).toBe(before);
    expect(await call('main', 'run', 'ada')).toBe('hi ada v1');
  });

  test('a value read at load makes its reader re-run, and says why; the entry still keeps running', async () => {
    const { engine, call, reload } = await open(agentFiles());
    const before = starts();
    expect(engine.reloads.canHotReload('tools').reruns).toEqual(
      expect.arrayContaining([
        { module: 'banner', when: 'if-changed', reason: 're-runs only if `VERSION` (read at load) change' },
        { module: 'service', when: 'never', reason: expect.stringContaining('live bindings') },
      ]),
    );

    const result = await reload('tools', "export function greet(name: string): string { return 'hello ' + name; }\nexport const VERSION = 2;\n");

    expect(result.reran).toEqual([
      { module: 'tools', reason: 'its file changed' },
      { module: 'banner', reason: 'it read `VERSION` from tools at load, and that value changed' },
    ]);
    expect(result.kept).toEqual(expect.arrayContaining([{ module: 'main', reason: expect.stringContaining('live bindings') }]));
    expect(starts()).toBe(before);
    expect(await call('main', 'run', 'ada')).toBe('hello ada v2');
    expect(engine.reloads.getReloadHistory(1)[0]?.reran).toEqual(result.reran);
  });

  test('an entry that read a changed value at load re-runs only because it must, and is flagged as an entry point', async () => {
    const { call, reload } = await open(agentFiles("const label = banner.toUpperCase();\nexport const shout = (): string => label;"));
    const before = starts();

    const result = await reload('tools', "export function greet(name: string): string { return 'hello ' + name; }\nexport const VERSION = 3;\n");

    expect(result.reran?.map((rerun) => rerun.module)).toEqual(['tools', 'banner', 'main']);
    expect(result.reran?.[2]).toEqual({ module: 'main', entry: true, reason: 'it read `banner` from banner at load, and that value changed' });
    expect(starts()).toBe(before + 1);
    expect(await call('main', 'shout')).toBe('V3');
  });

  test('code a module got from a call at load (a closure, an object with methods) makes it re-run; a class instance does not', async () => {
    const { call, reload } = await open({
      'package.json': PACKAGE,
      'src/fmt.ts': "export function createFmt(kind: string) { return (text: string) => kind + ':' + text; }\nexport class Box { label(): string { return 'box'; } }\nexport const makeBox = () => new Box();\n",
      'src/format.ts': "import { createFmt } from './fmt';\nexport const bold = createFmt('bold');\n",
      'src/boxes.ts': "import { makeBox } from './fmt';\nconst box = makeBox();\nexport const label = (): string => box.label();\n",
      'src/main.ts': "import { bold } from './format';\nimport { label } from './boxes';\nexport const run = (text: string): string => bold(text) + ' ' + label();\n",
    });
    expect(await call('main', 'run', 'hi')).toBe('bold:hi box');
    const result = await reload('fmt', "export function createFmt(kind: string) { return (text: string) => kind.toUpperCase() + ':' + text; }\nexport class Box { label(): string { return 'BOX'; } }\nexport const makeBox = () => new Box();\n");
    expect(result.outcome).toBe('reloaded');
    expect(await call('main', 'run', 'hi')).toBe('BOLD:hi BOX');
    // The changed module and the one holding its closure; boxes and main keep running.
    expect(result.reran?.map((rerun) => rerun.module)).toEqual([id('fmt'), id('format')]);
    expect(result.reran?.[1]?.reason).toMatch(/called `createFmt` from fmt at load/);
  });

  test('what an async function called at load resolves to counts: an app made with its handlers re-runs the entry; plain data does not', async () => {
    const { call, reload } = await open({
      'package.json': PACKAGE,
      'src/http.ts': "export async function createApp(kind: string) {\n  await Promise.resolve();\n  return { handle: (text: string) => kind + ':' + text };\n}\n",
      'src/config.ts': 'export async function loadConfig() {\n  return { port: 1 };\n}\n',
      'src/settings.ts': "import { loadConfig } from './config';\nlet port = 0;\nvoid loadConfig().then((config) => { port = config.port; });\nexport const currentPort = (): number => port;\n",
      'src/main.ts': [
        "import { createApp } from './http';",
        "import { currentPort } from './settings';",
        'let app: { handle(text: string): string } | undefined;',
        "void createApp('v1').then((made) => { app = made; });",
        "export const run = (text: string): string => `${app?.handle(text) ?? 'starting'} ${currentPort()}`;",
      ].join('\n'),
    });
    expect(await call('main', 'run', 'hi')).toBe('v1:hi 1');
    const result = await reload('http', "export async function createApp(kind: string) {\n  await Promise.resolve();\n  return { handle: (text: string) => kind.toUpperCase() + ':' + text };\n}\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.reran?.map((rerun) => rerun.module)).toEqual([id('http'), id('main')]);
    expect(result.reran?.[1]).toMatchObject({ entry: true, reason: expect.stringMatching(/called `createApp` from http at load/) });
    expect(await call('main', 'run', 'hi')).toBe('V1:hi 1');
    const again = await reload('config', 'export async function loadConfig() {\n  return { port: 2 };\n}\n');
    expect(again.reran?.map((rerun) => rerun.module)).toEqual([id('config')]);
  });

  test("an object of another module's class made at load with the old code's handlers (an emitter, a server) makes its holder re-run", async () => {
    const bus = (answer: string) =>
      `import { EventEmitter } from 'node:events';\nexport function makeBus() {\n  const bus = new EventEmitter();\n  bus.on('ask', (reply: (text: string) => void) => reply('${answer}'));\n  return bus;\n}\n`;
    const { call, reload } = await open({
      'package.json': PACKAGE,
      'src/bus.ts': bus('v1'),
      'src/main.ts': "import { makeBus } from './bus';\nconst bus = makeBus();\nexport const ask = (): string => {\n  let answer = '';\n  bus.emit('ask', (text: string) => { answer = text; });\n  return answer;\n};\n",
    });
    expect(await call('main', 'ask')).toBe('v1');
    const result = await reload('bus', bus('v2'));
    expect(result.reran?.map((rerun) => rerun.module)).toEqual([id('bus'), id('main')]);
    expect(result.reran?.[1]?.reason).toMatch(/called `makeBus` from bus at load/);
    expect(await call('main', 'ask')).toBe('v2');
  });

  test('hot.accept(dep, cb) gets the new namespace instead of a re-run; hot.accept() is a boundary; hot.decline() is told', async () => {
    const { engine, call, reload } = await open({
      'package.json': PACKAGE,
      'src/tools.ts': 'export const LIMIT = 1;\n',
      'src/accepting.ts': [
        "import { LIMIT } from './tools';",
        'let limit = LIMIT;',
        "hot.accept('./tools', (tools) => { limit = (tools as { LIMIT: number }).LIMIT; });",
        'export const current = (): number => limit;',
      ].join('\n'),
      'src/boundary.ts': "import { LIMIT } from './tools';\nconst seen = LIMIT;\nhot.accept();\nexport const boundary = (): number => seen;\n",
      'src/declining.ts': "import { LIMIT } from './tools';\nconst seen = LIMIT;\nhot.decline();\nexport const declining = (): number => seen;\n",
      'src/main.ts': "import './accepting';\nimport './boundary';\nimport './declining';\n",
    });

    const result = await reload('tools', 'export const LIMIT = 5;\n');

    expect(result.outcome).toBe('reloaded');
    expect(result.reran).toEqual([{ module: 'tools', reason: 'its file changed' }]);
    expect(await call('accepting', 'current')).toBe(5);
    expect(await call('boundary', 'boundary')).toBe(1);
    const kept = Object.fromEntries((result.kept ?? []).map((module) => [module.module, module.reason]));
    expect(kept['accepting']).toMatch(/accepts tools \(hot\.accept\)/);
    expect(kept['boundary']).toMatch(/hot\.accept\(\) boundary/);
    expect(kept['declining']).toMatch(/declined \(hot\.decline\(\)\).*`LIMIT`.*restart the agent/);
    expect(engine.reloads.canHotReload('tools').reruns).toEqual(
      expect.arrayContaining([expect.objectContaining({ module: 'declining', when: 'never', reason: expect.stringContaining('hot.decline()') })]),
    );
  });

  test('hot.invalidate() in the new version makes its importers re-run', async () => {
    const { call, reload } = await open({
      'package.json': PACKAGE,
      'src/shape.ts': 'export function area(w: number): number { return w * w; }\n',
      'src/main.ts': "import { area } from './shape';\nconst unit = area(1);\nexport const unitArea = (): number => unit;\n",
    });
    expect(await call('main', 'unitArea')).toBe(1);

    const result = await reload('shape', "export function area(w: number): number { return 2 * w * w; }\nhot.invalidate('area doubled: cached results are stale');\n");

    expect(result.reran).toEqual([
      { module: 'shape', reason: 'its file changed' },
      { module: 'main', entry: true, reason: 'shape called hot.invalidate(): area doubled: cached results are stale' },
    ]);
    expect(await call('main', 'unitArea')).toBe(2);
  });
});

describe('state handoff (scenario 5)', () => {
  const counter = (label: string, extra = '') =>
    [
      'export let count: number = typeof hot.data.count === "number" ? hot.data.count : 0;',
      `export function inc(): number { count += 1; return count; }`,
      `export function label(): string { return '${label}'; }`,
      extra,
    ].join('\n');
  const withDispose = 'hot.dispose((data) => { data.count = count; });';

  test('the published version always starts from the previous data: after a failed candidate, without dispose, and across versions', async () => {
    const { engine, call, reload } = await open({ 'package.json': { ...PACKAGE, main: 'src/counter.ts' }, 'src/counter.ts': counter('v1', withDispose) });
    await call('counter', 'inc');
    await call('counter', 'inc');

    const ok = await reload('counter', counter('v2', withDispose));
    expect(ok.outcome).toBe('reloaded');
    expect(await call('counter', 'label')).toBe('v2');
    expect(await call('counter', 'inc')).toBe(3);

    // A candidate that fails its health check: the old code is evaluated again with the data handed back.
    const failed = await reload('counter', counter('v3', `${withDispose}\nexport function health(): void { throw new Error('not healthy'); }`));
    expect(failed.outcome).toBe('failed');
    expect(await call('counter', 'label')).toBe('v2');
    expect(await call('counter', 'inc')).toBe(4);

    // A candidate that throws while loading: the same.
    const threw = await reload('counter', `${counter('v4', withDispose)}\nthrow new Error('boom');`);
    expect(threw.outcome).toBe('failed');
    expect(await call('counter', 'inc')).toBe(5);

    // A version without a dispose callback still hands on what it was given.
    await reload('counter', counter('v5'));
    await reload('counter', counter('v6', withDispose));
    expect(await call('counter', 'label')).toBe('v6');
    expect(await call('counter', 'inc')).toBe(6);
    expect(engine.runtime.current(id('counter'))?.hot.data).toMatchObject({ count: 5 });
  });

  test('the candidate is evaluated once: its top-level code runs one time per reload', async () => {
    const { call, reload } = await open({
      'package.json': { ...PACKAGE, main: 'src/once.ts' },
      'src/once.ts': 'const g = globalThis as { __onceRuns?: number };\ng.__onceRuns = (g.__onceRuns ?? 0) + 1;\nexport const runs = (): number => g.__onceRuns ?? 0;\n',
    });
    const before = (await call('once', 'runs')) as number;
    await reload('once', 'const g = globalThis as { __onceRuns?: number };\ng.__onceRuns = (g.__onceRuns ?? 0) + 1;\nexport const runs = (): number => g.__onceRuns ?? 0;\n// edited\n');
    expect(await call('once', 'runs')).toBe(before + 1);
  });
});

describe('old work is accounted for (scenario 6)', () => {
  test('a call still running after the drain is reported by name and age, then fails visibly instead of hanging', async () => {
    const slow = (label: string) => `export function wait(): Promise<string> { return new Promise(() => {}); }\nexport const label = (): string => '${label}';\n`;
    const { engine, call, reload } = await open({ 'package.json': { ...PACKAGE, main: 'src/slow.ts' }, 'src/slow.ts': slow('v1') }, { drainTimeoutMs: 50 });
    const waiting = engine.runtime.namespace(id('slow'))['wait'] as () => Promise<string>;
    const pending = waiting();
    const outcome = pending.then(
      () => 'settled',
      (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
    );

    const result = await reload('slow', slow('v2'));

    expect(result.outcome).toBe('reloaded');
    expect(result.lateCalls).toMatchObject({ count: 1, calls: [{ name: 'wait', ageMs: expect.any(Number) }], abandonAfterMs: 50 });
    expect(result.lateCalls?.calls[0]?.ageMs).toBeGreaterThanOrEqual(50);
    expect(await call('slow', 'label')).toBe('v2');
    expect(await outcome).toMatch(/^CALL_ABANDONED: slow\.wait was still running on a replaced version/);
    expect(engine.reloads.getReloadHistory(1)[0]?.lateCalls?.count).toBe(1);
  });

  test('a call that never settles does not block the session: it fails with CALL_TIMEOUT', async () => {
    const root = makeProject({ 'package.json': { ...PACKAGE, main: 'src/slow.ts' }, 'src/slow.ts': 'export function wait(): Promise<string> { return new Promise(() => {}); }\n' });
    const engine = await startEngine(root, { callTimeoutMs: 100 });
    await expect(engine.runtime.call(id('slow'), 'wait', [])).rejects.toMatchObject({ code: 'CALL_TIMEOUT' });
  });
});
