import { getEventListeners, type EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { startEngine } from '../support/engine';
import { id, makeWorkspace, openRuntime } from '../support/temp-workspace';

/** A module that starts one of every kind of resource a version can own, the way users write it. */
const OWNER = (generation: number): string => `
import { bus, controller } from './bus';
import { setInterval as every } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { spawn } from 'node:child_process';
export const generation = ${generation};
export let ticks = 0;
every(() => { ticks += 1; }, 60_000);
void (async () => { for (;;) await sleep(60_000); })();
process.on('SIGUSR2', () => undefined);
bus.on('message', () => undefined);
controller.signal.addEventListener('abort', () => undefined);
const server = net.createServer(() => undefined).listen(0, '127.0.0.1', () => {
  net.connect((server.address() as net.AddressInfo).port, '127.0.0.1').on('error', () => undefined);
});
new Worker('setInterval(() => undefined, 60_000)', { eval: true });
spawn(process.execPath, ['-e', 'setInterval(() => undefined, 60_000)'], { stdio: 'ignore' });
`;

const BUS = `
import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const controller = new AbortController();
`;

interface Counts {
  readonly handles: Record<string, number>;
  readonly threads: number;
  readonly processListeners: number;
  readonly busListeners: number;
  readonly abortListeners: number;
}

function countHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  // One-shot work of the moment (a file read, a DNS lookup) is not something a version holds.
  for (const transient of ['FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap', 'Immediate', 'TTYWrap', 'SimpleShutdownWrap']) delete counts[transient];
  return counts;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The resources held once the asynchronous ends of the last release (thread and child exits)
 * are through: the same answer twice in a row, or the expected answer.
 */
async function settledCounts(read: () => Counts, expected: Counts | null): Promise<Counts> {
  let previous = '';
  let counts = read();
  for (let attempt = 0; attempt < 200; attempt++) {
    const now = JSON.stringify(counts);
    const reached = expected !== null && now === JSON.stringify({ ...expected, threads: Math.min(counts.threads, expected.threads) });
    if (expected === null ? now === previous : reached) break;
    previous = now;
    await pause(100);
    counts = read();
  }
  return counts;
}

describe('resources are owned by the module version that created them', () => {
  test('timers, listeners, servers, sockets, workers and child processes stay flat over 100 reloads', async () => {
    const root = makeWorkspace({ bus: BUS, owner: OWNER(0) });
    const runtime = await openRuntime(root);
    const bus = runtime.namespace(id('bus')) as { bus: EventEmitter; controller: AbortController };
    const read = (): Counts => ({
      handles: countHandles(),
      threads: readdirSync('/proc/self/task').length,
      processListeners: process.listenerCount('SIGUSR2'),
      busListeners: bus.bus.listenerCount('message'),
      abortListeners: getEventListeners(bus.controller.signal, 'abort').length,
    });
    // Warm up: the first versions start the thread pools Node keeps for good.
    for (let generation = 1; generation <= 3; generation++) await runtime.swap(id('owner'), OWNER(generation));
    const before = await settledCounts(read, null);
    expect(before).toMatchObject({ processListeners: 1, busListeners: 1, abortListeners: 1 });
    for (let generation = 4; generation < 104; generation++) {
      const version = await runtime.swap(id('owner'), OWNER(generation));
      expect(version.exports.generation).toBe(generation);
    }
    const after = await settledCounts(read, before);
    // Thread exits are the kernel's to finish: fewer threads than before is flat too.
    expect({ ...after, threads: Math.max(after.threads, before.threads) }).toEqual(before);
  }, 120_000);

  test('the release says what it ended, by name; process listeners of the app are never touched', async () => {
    const appListener = (): void => undefined;
    process.on('SIGUSR2', appListener);
    try {
      const source = [
        "import http from 'node:http';",
        "import { Worker } from 'node:worker_threads';",
        "process.on('SIGUSR2', () => undefined);",
        "process.removeAllListeners('SIGUSR2');",
        "process.once('SIGUSR2', () => undefined);",
        "export const server = http.createServer().listen(0, '127.0.0.1');",
        "new Worker('setInterval(() => undefined, 60_000)', { eval: true });",
      ].join('\n');
      const runtime = await openRuntime(makeWorkspace({ owner: source }));
      // The module's removeAllListeners removed its own listener only.
      expect(process.listeners('SIGUSR2')).toContain(appListener);
      expect(process.listenerCount('SIGUSR2')).toBe(2);
      const version = runtime.current(id('owner'));
      if (version === undefined) throw new Error('not loaded');
      const { resources } = runtime.disposeVersion(version);
      expect(resources.released.map((note) => note.name)).toEqual(
        expect.arrayContaining(["process.once('SIGUSR2')", 'http server', expect.stringMatching(/^worker thread \d+$/)]),
      );
      expect(resources.kept).toEqual([]);
      expect(version.resources.releaseReport).toBe(resources);
      expect(process.listeners('SIGUSR2')).toEqual([appListener]);
    } finally {
      process.off('SIGUSR2', appListener);
    }
  });

  test('process.exit() in module code is refused: a reload that calls it fails and the old version keeps serving', async () => {
    const runtime = await openRuntime(makeWorkspace({ owner: 'export const answer = () => 1;\n' }));
    await expect(runtime.swap(id('owner'), 'process.exit(2);\nexport const answer = () => 2;\n')).rejects.toThrow(
      /process\.exit\(2\) was refused: module code cannot end the agent/,
    );
    expect(await runtime.call(id('owner'), 'answer', [])).toBe(1);
  });

  test('a handler module registered on an emitter of another module: after reloads each event is handled once, by the new code', async () => {
    const handler = (answer: string): string => `import { bus, seen } from './bus';\nbus.on('message', (text: string) => seen.push(\`${answer}:\${text}\`));\nexport const answer = '${answer}';\n`;
    const root = makeWorkspace({ bus: `${BUS}export const seen: string[] = [];\n`, handler: handler('v1'), index: "import './bus';\nimport './handler';\n" });
    const runtime = await openRuntime(root);
    const { bus, seen } = runtime.namespace(id('bus')) as { bus: EventEmitter; seen: string[] };
    bus.emit('message', 'a');
    for (const answer of ['v2', 'v3', 'v4']) await runtime.swap(id('handler'), handler(answer));
    bus.emit('message', 'b');
    expect(seen).toEqual(['v1:a', 'v4:b']);
  });

  test("a package's own setup on first use (a listener on its shared emitter) is not released with the version that triggered it", async () => {
    const root = makeWorkspace({ user: "import { use } from 'lazy-setup';\nuse();\nexport const generation = 1;\n" });
    mkdirSync(path.join(root, 'node_modules', 'lazy-setup'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules', 'lazy-setup', 'package.json'), JSON.stringify({ name: 'lazy-setup', main: 'index.js' }));
    writeFileSync(
      path.join(root, 'node_modules', 'lazy-setup', 'index.js'),
      "const { EventEmitter } = require('node:events');\nconst shared = new EventEmitter();\nlet ready = false;\nexports.ticks = 0;\nexports.shared = shared;\nexports.use = () => { if (!ready) { ready = true; shared.on('tick', () => { exports.ticks += 1; }); } };\n",
    );
    const runtime = await openRuntime(root);
    await runtime.swap(id('user'), "import { use } from 'lazy-setup';\nuse();\nexport const generation = 2;\n");
    const setup = createRequire(path.join(root, 'modules', 'user.ts'))('lazy-setup') as { shared: EventEmitter; ticks: number };
    setup.shared.emit('tick');
    expect(setup.ticks).toBe(1);
  });

  test('the reload result names what the replaced version held: released, or kept with the reason', async () => {
    const source = (generation: number): string =>
      `import http from 'node:http';\nprocess.on('SIGUSR2', () => undefined);\nexport const server = http.createServer().listen(0, '127.0.0.1');\nexport const generation = ${generation};\n`;
    const root = makeWorkspace({ owner: source(1) });
    writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck: false, probationMs: 0 }));
    const engine = await startEngine(root);
    const result = await engine.reloads.hotReloadModule('owner', { source: source(2), testAfterReload: false });
    expect(result.outcome).toBe('reloaded');
    expect(result.resources?.released.map((note) => note.name)).toEqual(expect.arrayContaining(["process.on('SIGUSR2')", 'http server']));
    expect(result.resources?.kept).toEqual([]);
    // Kept in the history too.
    expect(engine.reloadLog.list(1, id('owner'))[0]?.resources).toEqual(result.resources);
    expect(process.listenerCount('SIGUSR2')).toBe(1);
  });
});
