import { EventEmitter, getEventListeners } from 'node:events';
import { readdirSync, rmSync } from 'node:fs';
import { AgentRuntime } from '../electron/runtime/agent-runtime';
import { Workspace } from '../electron/runtime/workspace';
import type { ModuleId } from '../shared/ids';
import { workspaceWith } from './generate';
import { round, spread, timeEach, type Spread } from './measure';

const BUS = `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const controller = new AbortController();
`;

/** One of every kind of resource a version can own; workers and child processes only with `heavy`. */
function owner(generation: number, heavy: boolean): string {
  return [
    "import { bus, controller } from './bus';",
    "import { setInterval as every } from 'node:timers';",
    "import { setTimeout as sleep } from 'node:timers/promises';",
    "import net from 'node:net';",
    "import { Worker } from 'node:worker_threads';",
    "import { spawn } from 'node:child_process';",
    `export const generation = ${generation};`,
    'every(() => undefined, 60_000);',
    'void (async () => { for (;;) await sleep(60_000); })();',
    "process.on('SIGUSR2', () => undefined);",
    "bus.on('message', () => undefined);",
    "controller.signal.addEventListener('abort', () => undefined);",
    "const server = net.createServer(() => undefined).listen(0, '127.0.0.1', () => {",
    "  net.connect((server.address() as net.AddressInfo).port, '127.0.0.1').on('error', () => undefined);",
    '});',
    ...(heavy
      ? [
          "new Worker('setInterval(() => undefined, 60_000)', { eval: true });",
          "spawn(process.execPath, ['-e', 'setInterval(() => undefined, 60_000)'], { stdio: 'ignore' });",
        ]
      : []),
  ].join('\n');
}

export interface ResourceFigures {
  readonly reloads: number;
  readonly before: Record<string, number>;
  readonly after: Record<string, number>;
  readonly flat: boolean;
  /** Reload (release what the old version holds, start the new one's) of the owning module. */
  readonly reloadMs: Spread;
  /** The same reload of a module that starts nothing: what ownership and release add is the difference. */
  readonly plainReloadMs: Spread;
}

const TRANSIENT = new Set(['FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap', 'Immediate', 'TTYWrap', 'SimpleShutdownWrap']);

function snapshot(bus: { bus: EventEmitter; controller: AbortController }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) if (!TRANSIENT.has(name)) counts[name] = (counts[name] ?? 0) + 1;
  counts['threads'] = readdirSync('/proc/self/task').length;
  counts['process listeners'] = process.listenerCount('SIGUSR2');
  counts['emitter listeners'] = bus.bus.listenerCount('message');
  counts['abort listeners'] = getEventListeners(bus.controller.signal, 'abort').length;
  return counts;
}

/** Until the asynchronous ends of the last release (thread and process exits) are through. */
async function settled(read: () => Record<string, number>): Promise<Record<string, number>> {
  let previous = '';
  let counts = read();
  for (let attempt = 0; attempt < 100 && JSON.stringify(counts) !== previous; attempt++) {
    previous = JSON.stringify(counts);
    await new Promise((resolve) => setTimeout(resolve, 200));
    counts = read();
  }
  return counts;
}

/** Resources held before and after `reloads` reloads of a module that starts one of each kind. */
export async function resourcesOverReloads(reloads: number, heavy: boolean): Promise<ResourceFigures> {
  const root = workspaceWith({ 'bus.ts': BUS, 'owner.ts': owner(0, heavy), 'plain.ts': 'export const generation = 0;\n' });
  const runtime = await AgentRuntime.open(Workspace.open(root));
  try {
    const bus = runtime.namespace('bus' as ModuleId) as unknown as { bus: EventEmitter; controller: AbortController };
    const id = 'owner' as ModuleId;
    for (let generation = 1; generation <= 5; generation++) await runtime.swap(id, owner(generation, heavy));
    const before = await settled(() => snapshot(bus));
    const reloadMs = await timeEach(reloads, (index) => runtime.swap(id, owner(10 + index, heavy)));
    const after = await settled(() => snapshot(bus));
    const plainReloadMs = await timeEach(Math.min(reloads, 300), (index) => runtime.swap('plain' as ModuleId, `export const generation = ${index + 1};\n`));
    // Fewer threads than before is flat too (the kernel finishes thread exits in its own time).
    const flat = Object.keys({ ...before, ...after }).every((key) => (key === 'threads' ? (after[key] ?? 0) <= (before[key] ?? 0) : after[key] === before[key]));
    return { reloads, before, after, flat, reloadMs: spread(reloadMs), plainReloadMs: spread(plainReloadMs) };
  } finally {
    runtime.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** What the listener hook costs app code that adds and removes a listener when no version is loading (ns). */
export function listenerHookCostNs(): number {
  const emitter = new EventEmitter();
  const listener = (): void => undefined;
  const count = 200_000;
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index++) {
    emitter.on('x', listener);
    emitter.off('x', listener);
  }
  return round(Number(process.hrtime.bigint() - started) / count);
}
