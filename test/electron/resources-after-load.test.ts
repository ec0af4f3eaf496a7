import type { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { id, makeWorkspace, openRuntime } from '../support/temp-workspace';

const BUS = "import { EventEmitter } from 'node:events';\nexport const bus = new EventEmitter();\nexport const seen: string[] = [];\n";

/** A handler module that subscribes only once its asynchronous setup is done, as bots do after login. */
const LATE_HANDLER = (answer: string): string => `
import { bus, seen } from './bus';
export let ready = false;
void (async () => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  bus.on('message', (text: string) => seen.push(\`${answer}:\${text}\`));
  ready = true;
})();
`;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) await pause(10);
  expect(condition()).toBe(true);
}

function addPackage(root: string, name: string, source: string): void {
  mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
  writeFileSync(path.join(root, 'node_modules', name, 'index.js'), source);
}

const threads = (): number => readdirSync('/proc/self/task').length;

describe('what a version starts after its top-level code returned is still its own', () => {
  test('a listener added after an await, on an emitter of another module: one listener after 50 reloads, each event handled once by the new code', async () => {
    const root = makeWorkspace({ bus: BUS, handler: LATE_HANDLER('v0'), index: "import './bus';\nimport './handler';\n" });
    const runtime = await openRuntime(root);
    const { bus, seen } = runtime.namespace(id('bus')) as { bus: EventEmitter; seen: string[] };
    const ready = (): boolean => (runtime.namespace(id('handler')) as { ready: boolean }).ready;
    await until(ready);
    for (let generation = 1; generation <= 50; generation++) {
      await runtime.swap(id('handler'), LATE_HANDLER(`v${generation}`));
      await until(ready);
    }
    expect(bus.listenerCount('message')).toBe(1);
    bus.emit('message', 'hello');
    expect(seen).toEqual(['v50:hello']);
    const { resources } = runtime.disposeVersion(runtime.current(id('handler')) ?? expect.fail('not loaded'));
    expect(resources.released).toContainEqual({ kind: 'listener', name: "EventEmitter.on('message')" });
    expect(bus.listenerCount('message')).toBe(0);
  });

  test('listeners the code removes itself, or that fire once, leave the version\'s list: a loop of a thousand does not grow it', async () => {
    const source = `
import { bus } from './bus';
export let done = false;
void (async () => {
  for (let i = 0; i < 1000; i++) {
    await Promise.resolve();
    bus.once('reply', () => undefined);
    bus.emit('reply');
    const listener = (): void => undefined;
    bus.on('other', listener);
    bus.off('other', listener);
  }
  done = true;
})();
`;
    const runtime = await openRuntime(makeWorkspace({ bus: BUS, looper: source }));
    await until(() => (runtime.namespace(id('looper')) as { done: boolean }).done);
    const version = runtime.current(id('looper')) ?? expect.fail('not loaded');
    expect(version.resources.counts()).toEqual({});
  });

  test("listeners on the version's own emitters (per request, per connection) are not collected", async () => {
    const source = `
import { EventEmitter } from 'node:events';
export let done = false;
void (async () => {
  for (let i = 0; i < 1000; i++) {
    await Promise.resolve();
    new EventEmitter().on('data', () => undefined);
  }
  done = true;
})();
`;
    const runtime = await openRuntime(makeWorkspace({ requests: source }));
    await until(() => (runtime.namespace(id('requests')) as { done: boolean }).done);
    expect((runtime.current(id('requests')) ?? expect.fail('not loaded')).resources.counts()).toEqual({});
  });

  test('a worker thread a package starts for the module is ended with its version; one the package starts at its own load is not', async () => {
    const user = (generation: number): string => `import { startJob } from 'job-pool';\nstartJob();\nexport const generation = ${generation};\n`;
    const root = makeWorkspace({ user: user(0) });
    addPackage(
      root,
      'job-pool',
      [
        "const { Worker } = require('node:worker_threads');",
        "exports.shared = new Worker('setInterval(() => undefined, 60_000)', { eval: true });",
        "exports.startJob = () => new Worker('setInterval(() => undefined, 60_000)', { eval: true });",
      ].join('\n'),
    );
    const runtime = await openRuntime(root);
    const pool = createRequire(path.join(root, 'modules', 'user.ts'))('job-pool') as { shared: { threadId: number } };
    for (let generation = 1; generation <= 3; generation++) await runtime.swap(id('user'), user(generation));
    await pause(200);
    const before = threads();
    for (let generation = 4; generation <= 23; generation++) await runtime.swap(id('user'), user(generation));
    // Thread exits are the kernel's to finish.
    await until(() => threads() <= before);
    const { resources } = runtime.disposeVersion(runtime.current(id('user')) ?? expect.fail('not loaded'));
    expect(resources.released).toContainEqual({ kind: 'worker', name: expect.stringMatching(/^worker thread \d+ \(started by job-pool\)$/) });
    // The package's shared worker is still running.
    expect(pool.shared.threadId).toBeGreaterThan(0);
  });

  test("what the runtime does for module code (compiling a module it imports later) is not the version's: releasing it leaves the runtime working", async () => {
    const importer = (generation: number): string =>
      `export let later: number | null = null;\nsetTimeout(() => void import('./later').then((m) => { later = m.value; }), 1);\nexport const generation = ${generation};\n`;
    const root = makeWorkspace({ importer: 'export const generation = 1;\n' });
    const runtime = await openRuntime(root);
    // A module added after the start is compiled when first imported; esbuild starts its worker
    // thread on the first compile after a stop: here, inside the module's timer.
    writeFileSync(path.join(root, 'modules', 'later.ts'), 'export const value = 7;\n');
    await esbuild.stop();
    await runtime.swap(id('importer'), importer(2));
    await until(() => (runtime.namespace(id('importer')) as { later: number | null }).later === 7);
    expect((runtime.current(id('importer')) ?? expect.fail('not loaded')).resources.counts()).toEqual({});
    await runtime.swap(id('importer'), importer(3));
    // Compiling still works: the compiler's worker was not ended with version 2.
    await runtime.swap(id('later'), 'export const value = 8;\n');
    expect((runtime.namespace(id('later')) as { value: number }).value).toBe(8);
  });
});
