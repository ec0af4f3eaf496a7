import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startEngine, writeModule } from '../support/engine';
import { makeProject } from '../support/project-workspace';

const PACKAGE = { name: 'agent', type: 'module', main: 'src/main.ts' };

async function open(files: Record<string, string | object>) {
  const root = makeProject({ 'package.json': PACKAGE, 'saraphina.config.json': { typeCheck: false }, ...files });
  const engine = await startEngine(root);
  const call = (module: string, fn: string, ...args: unknown[]) => engine.runtime.call(module as ModuleId, fn, args);
  const reload = (module: string, source: string) => {
    writeModule(root, module, source);
    return engine.reloads.hotReloadModule(module, { probationMs: 0 });
  };
  return { engine, call, reload };
}

/** A class with every kind of member; `label` and `step` differ per version. */
const counter = (label: string, step: number, extra = '') => `
export class Counter {
  static instances = 0;
  static LABEL = '${label}';
  #count = 0;
  onTick = () => '${label} tick';
  constructor() { Counter.instances += 1; }
  inc(): number { this.#count += ${step}; return this.#count; }
  get name(): string { return '${label}'; }
  set name(_value: string) {}
  describe(): string { return 'counter ${label}'; }
  static kind(): string { return 'kind ${label}'; }
  ${extra}
}
export const make = (): Counter => new Counter();
`;

describe('classes across a reload (scenario 7)', () => {
  test('old instances keep working with #private fields, get the new methods, accessors and statics, and stay instanceof the exported class', async () => {
    const { engine, reload } = await open({
      'src/counter.ts': counter('v1', 1),
      'src/main.ts': "import { make } from './counter';\nconst kept = make();\nkept.inc();\nexport const old = () => kept;\n",
    });
    const ns = (module: string) => engine.runtime.namespace(module as ModuleId);
    const old = (ns('main')['old'] as () => { inc(): number; describe(): string; name: string; onTick(): string; constructor: { kind(): string } })();

    const result = await reload('counter', counter('v2', 10, "reset(): void { this.#count = 0; }\n  fresh = 1;"));

    expect(result.outcome).toBe('reloaded');
    const Counter = ns('counter')['Counter'] as { new (): unknown; instances: number; LABEL: string; kind(): string };
    expect(old instanceof Counter).toBe(true);
    expect(old.describe()).toBe('counter v2');
    expect(old.name).toBe('v2');
    expect(old.constructor.kind()).toBe('kind v2');
    // #private state is the old instance's own: the method using it keeps its old code, and says so.
    expect(old.inc()).toBe(2);
    expect(Counter.instances).toBe(1);
    expect(Counter.LABEL).toBe('v2');
    expect(result.notCarried).toEqual(
      expect.arrayContaining([
        'Counter.inc uses #private members: instances made before this reload keep its old code',
        'Counter.reset is new and uses #private members: instances made before this reload cannot run it',
        'Counter.onTick is an arrow-function field: instances made before this reload keep its old code',
        'Counter.fresh is a new field: instances made before this reload do not have it',
      ]),
    );
    expect(old.onTick()).toBe('v1 tick');
    const made = new Counter() as { inc(): number; onTick(): string };
    expect(made.inc()).toBe(10);
    expect(made.onTick()).toBe('v2 tick');
    expect(Counter.instances).toBe(2);
  });
});

describe('classes across many reloads', () => {
  test('instances made by every earlier version run the newest code and stay instanceof it; a version in between is not kept alive by them', async () => {
    const v = (label: string) => `export class Greeter {\n  hello(): string { return 'hello ${label}'; }\n  static kind(): string { return 'kind ${label}'; }\n}\nexport const make = () => new Greeter();\n`;
    const { engine, reload } = await open({
      'src/greeter.ts': v('v1'),
      'src/main.ts': "import { make } from './greeter';\nconst kept: unknown[] = [];\nexport const keep = () => { kept.push(make()); return kept; };\n",
    });
    const ns = (module: string) => engine.runtime.namespace(module as ModuleId);
    const keep = () => (ns('main')['keep'] as () => { hello(): string; constructor: { kind(): string } }[])();
    keep();
    for (const label of ['v2', 'v3', 'v4', 'v5']) {
      expect((await reload('greeter', v(label))).outcome).toBe('reloaded');
      keep();
    }
    const Greeter = ns('greeter')['Greeter'] as new () => unknown;
    const kept = keep();
    expect(kept.map((instance) => instance.hello())).toEqual(Array(6).fill('hello v5'));
    expect(kept.map((instance) => instance.constructor.kind())).toEqual(Array(6).fill('kind v5'));
    expect(kept.every((instance) => instance instanceof Greeter)).toBe(true);
    // What an instance of v1 reaches through its prototypes: v1's prototype, then the newest class's: none of v2–v4.
    const reached: object[] = [];
    for (let proto = Object.getPrototypeOf(kept[0]) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) reached.push(proto);
    const between = kept.slice(1, 4).map((instance) => Object.getPrototypeOf(instance) as object);
    expect(between.some((proto) => reached.includes(proto))).toBe(false);
    expect(reached).toContain(Greeter.prototype);
  });
});

describe('handlers registered on a framework object from another module (scenario 2)', () => {
  const framework = `
export class App {
  #handlers = new Map<string, ((input: string) => string)[]>();
  command(name: string, handler: (input: string) => string): this {
    const list = this.#handlers.get(name) ?? [];
    list.push(handler);
    this.#handlers.set(name, list);
    return this;
  }
  tool(name: string, schema: object, handler: (input: string) => string): void { this.command('tool:' + name, handler); }
  get(path: string, handler: (input: string) => string): void { this.command('GET ' + path, handler); }
  dispatch(name: string, input: string): string[] { return (this.#handlers.get(name) ?? []).map((handler) => handler(input)); }
}
export const app = new App();
`;
  const handlers = (label: string, extra = '') => `
import { app } from './app';
app.command('/x', (input) => '${label} x ' + input);
app.tool('echo', { type: 'object' }, (input) => '${label} echo ' + input);
app.get('/p', (input) => '${label} p ' + input);
${extra}
`;

  test('edit the handler module, reload: each event is handled exactly once, by the new code', async () => {
    const { engine, reload } = await open({
      'src/app.ts': framework,
      'src/handlers.ts': handlers('v1', "app.command('/gone', () => 'gone');"),
      'src/main.ts': "import { app } from './app';\nimport './handlers';\nexport const dispatch = (name: string, input: string): string[] => app.dispatch(name, input);\n",
    });
    const dispatch = (name: string) => (engine.runtime.namespace('main' as ModuleId)['dispatch'] as (n: string, i: string) => string[])(name, 'in');
    expect(dispatch('/x')).toEqual(['v1 x in']);

    const first = await reload('handlers', handlers('v2'));
    expect(first.outcome).toBe('reloaded');
    expect(dispatch('/x')).toEqual(['v2 x in']);
    expect(dispatch('tool:echo')).toEqual(['v2 echo in']);
    expect(dispatch('GET /p')).toEqual(['v2 p in']);
    expect(dispatch('/gone')).toEqual([undefined]);
    expect(first.notCarried).toEqual(['handlers no longer calls command("/gone"): the handler it registered before does nothing now']);

    for (let index = 3; index <= 5; index += 1) await reload('handlers', handlers(`v${index}`));
    expect(dispatch('/x')).toEqual(['v5 x in']);

    // A candidate that fails its checks: the handlers run the code that serves again.
    const failed = await reload('handlers', handlers('v6', "export function health(): void { throw new Error('sick'); }"));
    expect(failed.outcome).toBe('failed');
    expect(dispatch('/x')).toEqual(['v5 x in']);
  });
});

describe('classes whose source did not change', () => {
  // Their methods close over the module's own bindings: the same text runs with the new
  // version's values, so an unchanged class is patched like a changed one.
  const items = (generation: number, extra = '') => `
export const GENERATION = ${generation};
const seen = new Set<number>([GENERATION]);
export class Item {
  static made = 0;
  #secret = 'kept';
  constructor() { Item.made += 1; }
  value(): number { return GENERATION; }
  known(): number[] { return [...seen]; }
  secret(): string { return this.#secret; }
}
export const make = () => new Item();
${extra}
`;

  test('old instances run the new version (its bindings), stay instanceof, and static state and notes are as for a changed class', async () => {
    const { engine, reload } = await open({
      'src/items.ts': items(1),
      'src/main.ts': "import { make } from './items';\nconst kept = make();\nexport const old = () => kept;\n",
    });
    const ns = (module: string) => engine.runtime.namespace(module as ModuleId);
    const old = (ns('main')['old'] as () => { value(): number; known(): number[]; secret(): string })();
    expect(old.value()).toBe(1);

    for (const generation of [2, 3]) {
      const result = await reload('items', items(generation, `export const version = ${generation};`));
      expect(result.outcome).toBe('reloaded');
      expect(result.notCarried).toEqual(['Item.secret uses #private members: instances made before this reload keep its old code']);
      const Item = ns('items')['Item'] as { new (): unknown; made: number };
      expect(old instanceof Item).toBe(true);
      expect(old.value()).toBe(generation);
      expect(old.known()).toEqual([generation]);
      expect(old.secret()).toBe('kept');
      expect(Item.made).toBe(1);
    }
  });
});

describe('export kinds kept', () => {
  const cases = [
    { from: 'export function Thing() { return 1; }\n', to: 'export class Thing {}\n', message: 'Thing was a function, now a class' },
    { from: 'export class Thing {}\n', to: 'export function Thing() { return 1; }\n', message: 'Thing was a class, now a function' },
    { from: 'export class Thing {}\n', to: 'export const Thing = 1;\n', message: 'Thing was a class, now a number' },
    { from: 'export const Thing = () => 1;\n', to: 'export const Thing = { a: 1 };\n', message: 'Thing was a function, now a object' },
  ];
  for (const { from, to, message } of cases) {
    test(`a reload that changes an export's kind fails its checks and keeps the old code: ${message}`, async () => {
      const { engine, reload } = await open({
        'src/thing.ts': `${from}export const other = 1;\n`,
        'src/main.ts': "import { other } from './thing';\nexport const x = other;\n",
      });
      const before = engine.runtime.current('thing' as ModuleId)?.compiled.hash;
      const result = await reload('thing', `${to}export const other = 2;\n`);
      expect(result.outcome).toBe('failed');
      expect(result.checks.find((check) => check.name === 'export kinds kept')).toMatchObject({ ok: false, message });
      // The old code serves again (evaluated anew with the data handed back).
      expect(engine.runtime.current('thing' as ModuleId)?.compiled.hash).toBe(before);
    });
  }

  test('functions, classes, generators and async functions that keep their kind pass', async () => {
    const source = (n: number) =>
      `export function f() { return ${n}; }\nexport class C { m() { return ${n}; } }\nexport function* g() { yield ${n}; }\nexport async function a() { return ${n}; }\nexport const arrow = () => ${n};\nexport const value = ${n};\n`;
    const { reload } = await open({ 'src/thing.ts': source(1), 'src/main.ts': "import { value } from './thing';\nexport const x = value;\n" });
    const result = await reload('thing', source(2));
    expect(result.outcome).toBe('reloaded');
    expect(result.checks.find((check) => check.name === 'export kinds kept')).toMatchObject({ ok: true });
  });
});
