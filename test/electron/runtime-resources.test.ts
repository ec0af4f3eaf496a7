import { getEventListeners, type EventEmitter } from 'node:events';
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
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
});
