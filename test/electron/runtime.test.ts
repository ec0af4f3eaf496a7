import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../shared/errors';
import { id, makeWorkspace, openRuntime, REPO_ROOT } from '../support/temp-workspace';
import { currentOwner, loadingOwner } from '../../electron/runtime/resources/owner-context';

const counter = (step: number) => `
export class Counter {
  value = 0;
  bump(): number { this.value += ${step}; return this.value; }
}
export function step(): number { return ${step}; }
`;

describe('live bindings', () => {
  test('importers call the new version after a swap', async () => {
    const root = makeWorkspace({
      counter: counter(1),
      user: `import { step } from './counter';\nexport function twice(): number { return step() * 2; }\n`,
    });
    const runtime = await openRuntime(root);
    const held = runtime.namespace(id('counter'));
    expect(await runtime.call(id('user'), 'twice', [])).toBe(2);

    await runtime.swap(id('counter'), counter(5));

    expect(await runtime.call(id('user'), 'twice', [])).toBe(10);
    expect((held['step'] as () => number)()).toBe(5);
    expect(runtime.graph.dependents(id('counter'))).toEqual(['user']);
  });

  test('instances of the old class run the new methods and keep their fields', async () => {
    const runtime = await openRuntime(makeWorkspace({ counter: counter(1) }));
    const Counter = runtime.namespace(id('counter'))['Counter'] as new () => { value: number; bump(): number };
    const instance = new Counter();
    instance.bump();
    await runtime.swap(id('counter'), counter(100));
    await runtime.swap(id('counter'), counter(1000));
    expect(instance.bump()).toBe(1001);
  });
});

describe('export getters', () => {
  // The compiled export table is rewritten so V8 compiles its getters eagerly: every export
  // shape must still read its live value.
  test('let, default, quoted and aliased exports and re-exports read their current values', async () => {
    const runtime = await openRuntime(makeWorkspace({
      source: 'export let count = 0;\nexport function bump(): number { count += 1; return count; }\nexport default function named(): string { return "d"; }\nconst e = 5;\nexport { e as "kebab-name", e as alias };\n',
      again: "export * from './source';\nexport { default as fromDefault } from './source';\n",
      reader: "import * as again from './again';\nimport * as source from './source';\nexport const read = () => [again.count, source.count, (source as Record<string, unknown>)['kebab-name'], source.alias, again.fromDefault(), source.default()];\n",
    }));
    expect(await runtime.call(id('reader'), 'read', [])).toEqual([0, 0, 5, 5, 'd', 'd']);
    await runtime.call(id('source'), 'bump', []);
    expect(await runtime.call(id('reader'), 'read', [])).toEqual([1, 1, 5, 5, 'd', 'd']);
  });
});

describe('hot API', () => {
  const stateful = (label: string) => `
const items: string[] = Array.isArray(hot.data.items) ? hot.data.items : [];
export let ticks = 0;
setInterval(() => { ticks += 1; }, 5);
hot.dispose((data) => { data.items = items; (globalThis as any).__disposed = '${label}'; });
export function add(item: string): number { items.push(item); return items.length; }
export function label(): string { return '${label}'; }
export function tickCount(): number { return ticks; }
`;

  test('state is handed over through hot.data, and dispose releases timers', async () => {
    const runtime = await openRuntime(makeWorkspace({ store: stateful('v1') }));
    await runtime.call(id('store'), 'add', ['a']);
    await runtime.call(id('store'), 'add', ['b']);
    const oldVersion = runtime.current(id('store'));

    await runtime.swap(id('store'), stateful('v2'));

    expect((globalThis as Record<string, unknown>)['__disposed']).toBe('v1');
    expect(await runtime.call(id('store'), 'label', [])).toBe('v2');
    expect(await runtime.call(id('store'), 'add', ['c'])).toBe(3);
    const frozenTicks = (oldVersion?.exports['tickCount'] as () => number)();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((oldVersion?.exports['tickCount'] as () => number)()).toBe(frozenTicks);
    expect(await runtime.call(id('store'), 'tickCount', [])).toBeGreaterThan(0);
  });

  test('a module that declines live replacement is refused with DECLINED', async () => {
    const runtime = await openRuntime(makeWorkspace({ fixed: 'hot.decline();\nexport const x = 1;\n' }));
    await expect(runtime.swap(id('fixed'), 'export const x = 2;\n')).rejects.toMatchObject({ code: 'DECLINED' });
    expect(runtime.namespace(id('fixed'))['x']).toBe(1);
  });
});

describe('failures at load', () => {
  test('an endless loop at load fails with EVAL_TIMEOUT and the previous version keeps answering', async () => {
    const runtime = await openRuntime(makeWorkspace({ m: 'export const answer = () => 42;\n' }), { evalTimeoutMs: 100 });
    await expect(runtime.swap(id('m'), 'while (true) {}\nexport const answer = () => 0;\n')).rejects.toMatchObject({
      code: 'EVAL_TIMEOUT',
    });
    expect(await runtime.call(id('m'), 'answer', [])).toBe(42);
  });

  test('a module that loops forever at open is recorded as failed; the rest load', async () => {
    const root = makeWorkspace({ loop: 'for (;;) {}\n', ok: 'export const f = () => 1;\n' });
    const runtime = await openRuntime(root, { evalTimeoutMs: 100 });
    expect(runtime.record(id('loop'))?.lastError?.code).toBe('EVAL_TIMEOUT');
    expect(await runtime.call(id('ok'), 'f', [])).toBe(1);
    await expect(runtime.call(id('loop'), 'f', [])).rejects.toMatchObject({ code: 'NOT_LOADED' });
  });

  // Modules load in batches under one time limit each: the limit still stops a loop at load,
  // cleans up after the module it stopped, and the modules after it load as before.
  test('a loop at open stops only its module: what it started is released, later modules load and own theirs', async () => {
    const listener = "process.on('SIGUSR2', () => undefined);\n";
    const root = makeWorkspace({
      a_first: `${listener}export const first = () => 1;\n`,
      b_loop: `import { first } from './a_first';\n${listener}first();\nfor (;;) {}\n`,
      c_after: `${listener}export const f = () => 3;\n`,
    });
    const before = process.listenerCount('SIGUSR2');
    const runtime = await openRuntime(root, { evalTimeoutMs: 100 });
    expect(runtime.record(id('b_loop'))?.lastError).toMatchObject({ code: 'EVAL_TIMEOUT', message: expect.stringMatching(/^b_loop\.ts did not finish loading: Still running after 100 ms/) });
    expect(await runtime.call(id('c_after'), 'f', [])).toBe(3);
    expect(await runtime.call(id('a_first'), 'first', [])).toBe(1);
    // b_loop's listener went with it; a_first and c_after each own theirs; app code owns nothing.
    expect(process.listenerCount('SIGUSR2')).toBe(before + 2);
    expect(runtime.current(id('c_after'))?.resources.counts()).toEqual({ 'process listener': 1 });
    expect(runtime.current(id('a_first'))?.resources.counts()).toEqual({ 'process listener': 1 });
    expect(currentOwner()).toBeUndefined();
    expect(loadingOwner()).toBeNull();
    runtime.close();
    expect(process.listenerCount('SIGUSR2')).toBe(before);
  });

  test('a throw at load names the .ts line; a syntax error is a COMPILE_ERROR with its line', async () => {
    const runtime = await openRuntime(makeWorkspace({ m: 'export const v = 1;\n' }));
    const throwing = 'type T = { a: number };\n\n\nexport const v = 2;\nthrow new Error("nope");\n';
    await expect(runtime.swap(id('m'), throwing)).rejects.toThrow(/nope \(at m\.ts:5:\d+\)/);
    await expect(runtime.swap(id('m'), 'export const = ;\n')).rejects.toMatchObject({ code: 'COMPILE_ERROR' });
    await expect(runtime.swap(id('m'), 'export const = ;\n')).rejects.toThrow(/m\.ts:1:\d+/);
    expect(runtime.namespace(id('m'))['v']).toBe(1);
  });

  test('an error thrown by a call names the .ts line', async () => {
    const source = 'interface X { y: number }\n\nexport function bad(): never {\n  throw new Error("broken");\n}\n';
    const runtime = await openRuntime(makeWorkspace({ m: source }));
    await expect(runtime.call(id('m'), 'bad', [])).rejects.toThrow(/broken \(at m\.ts:4:\d+\)/);
  });
});

describe('imports and graph', () => {
  test('records edges, including a cycle, with cycle-safe transitive queries', async () => {
    const root = makeWorkspace({
      a: `import { b } from './b';\nexport const a = () => 'a' + b();\n`,
      b: `import * as c from './c';\nexport const b = () => 'b' + c.c();\n`,
      c: `import { a } from './a';\nexport const c = () => 'c';\nexport const loop = () => a();\n`,
      leaf: 'export const leaf = 1;\n',
    });
    const runtime = await openRuntime(root);
    expect(await runtime.call(id('a'), 'a', [])).toBe('abc');
    expect(await runtime.call(id('c'), 'loop', [])).toBe('abc');
    expect(runtime.graph.transitiveDependents(id('a')).sort()).toEqual(['a', 'b', 'c']);
    expect(runtime.graph.inCycle(id('a'))).toBe(true);
    expect(runtime.graph.inCycle(id('leaf'))).toBe(false);
    // a imports b, so b is re-instantiated first.
    expect(runtime.graph.dependentsInTopologicalOrder(id('c'))).toEqual(['b', 'a']);
  });

  test('marks a module that loads a native addon', async () => {
    const root = makeWorkspace({
      db: "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
      plain: "import path from 'node:path';\nexport const j = path.join;\n",
    });
    // Packages come from the workspace's own node_modules (here, linked to the app's copy).
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3'), path.join(root, 'node_modules', 'better-sqlite3'));
    const runtime = await openRuntime(root);
    expect([...(runtime.current(id('db'))?.nativeAddons ?? [])].some((file) => file.includes('better-sqlite3'))).toBe(true);
    expect(runtime.current(id('plain'))?.nativeAddons.size).toBe(0);
  });
});

describe('the workspace boundary', () => {
  test('ids that name paths are refused', async () => {
    const runtime = await openRuntime(makeWorkspace({ a: 'export const x = 1;\n' }));
    for (const bad of ['../../x', '/etc/passwd', 'a/../../b', '..']) {
      expect(() => runtime.workspace.parseModuleId(bad)).toThrow(AppError);
      expect(() => runtime.workspace.parseModuleId(bad)).toThrow(/outside|not a valid/);
    }
    expect(() => runtime.workspace.parseModuleId('../../x')).toThrowError(expect.objectContaining({ code: 'OUTSIDE_WORKSPACE' }));
    expect(() => runtime.workspace.modulePath(id('missing'))).toThrowError(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
  });

  test('imports that leave the workspace fail to load', async () => {
    const runtime = await openRuntime(makeWorkspace({ evil: "import x from '../../etc/passwd';\nexport const y = x;\n" }));
    expect(runtime.record(id('evil'))?.lastError?.code).toBe('OUTSIDE_WORKSPACE');
  });

  test('a module that is a symlink out of the workspace is refused', async () => {
    const outside = makeWorkspace({ secret: 'export const s = 1;\n' });
    const root = makeWorkspace({});
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(outside, 'modules', 'secret.ts'), path.join(root, 'modules', 'linked.ts'));
    const runtime = await openRuntime(root);
    expect(runtime.record(id('linked'))?.lastError?.code).toBe('OUTSIDE_WORKSPACE');
  });

  test('/load picks up a module file added after the workspace opened', async () => {
    const root = makeWorkspace({ a: 'export const x = 1;\n' });
    const runtime = await openRuntime(root);
    writeFileSync(path.join(root, 'modules', 'late.ts'), "import { x } from './a';\nexport const y = () => x + 1;\n");
    await runtime.load(id('late'));
    expect(await runtime.call(id('late'), 'y', [])).toBe(2);
    await expect(runtime.load(id('late'))).rejects.toMatchObject({ code: 'ALREADY_LOADED' });
  });
});
