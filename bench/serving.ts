import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { openEngine } from '../electron/engine/open-engine';
import type { ModuleId } from '../shared/ids';
import { workspaceWith } from './generate';
import { percentile, round } from './measure';

/** core (reloaded) with 3 dependents; the entry serves HTTP on a port with them. */
function servingFiles(generation: number): Record<string, string> {
  return {
    'core.ts': coreSource(generation),
    'dep1.ts': "import { answer } from './core';\nexport const one = (n: number): number => answer(n) + 1;\n",
    'dep2.ts': "import { answer } from './core';\nexport const two = (n: number): number => answer(n) + 2;\n",
    'dep3.ts': "import { answer } from './core';\nexport const three = (n: number): number => answer(n) + 3;\n",
    'main.ts': [
      "import { once } from 'node:events';",
      "import http from 'node:http';",
      "import { one } from './dep1';",
      "import { two } from './dep2';",
      "import { three } from './dep3';",
      'const server = http.createServer((_request, response) => {',
      '  response.end(JSON.stringify([one(1), two(1), three(1)]));',
      '});',
      "server.listen(0, '127.0.0.1');",
      'hot.dispose(() => server.close());',
      'export async function port(): Promise<number> {',
      "  if (!server.listening) await once(server, 'listening');",
      '  return (server.address() as { port: number }).port;',
      '}',
    ].join('\n'),
  };
}

function coreSource(generation: number): string {
  return `export const GENERATION = ${generation};\nexport function answer(n: number): number { return n * 10 + GENERATION % 7; }\n`;
}

function get(port: number, agent: http.Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
      response.on('error', () => resolve(false));
    });
    request.on('error', () => resolve(false));
  });
}

export interface ServingFigures {
  readonly p50: number;
  readonly p95: number;
  readonly requests: number;
  readonly failed: number;
  readonly resourcesBefore: Record<string, number>;
  readonly resourcesAfter: Record<string, number>;
  readonly processListenersBefore: number;
  readonly processListenersAfter: number;
}

/**
 * Reloads `core` `reloads` times while 4 keep-alive clients request the entry's HTTP server
 * without pause; counts failed requests and the process's active resources (timers, handles,
 * sockets) and `process` listeners before and after.
 */
export async function reloadWhileServing(reloads: number): Promise<ServingFigures> {
  const root = workspaceWith(Object.fromEntries(Object.entries(servingFiles(0)).map(([name, source]) => [`${name}`, source])));
  // The entry (what `node` would run) is main: it serves; core below it is what reloads.
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck: false, entry: 'main' }));
  const engine = await openEngine(root);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const port = (await engine.runtime.call('main' as ModuleId, 'port', [])) as number;
    if (!(await get(port, agent))) throw new Error(`the entry does not answer on port ${port}`);
    let running = true;
    let requests = 0;
    let failed = 0;
    const client = async (): Promise<void> => {
      while (running) {
        requests += 1;
        if (!(await get(port, agent))) failed += 1;
      }
    };
    const count = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
      return counts;
    };
    const listeners = (): number => process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0);
    const clients = Array.from({ length: 4 }, () => client());
    for (let index = 1; index <= 10; index += 1) await engine.reloads.hotReloadModule('core', { probationMs: 0, source: coreSource(index) });
    const resourcesBefore = count();
    const processListenersBefore = listeners();
    const samples: number[] = [];
    for (let index = 0; index < reloads; index += 1) {
      const started = performance.now();
      const result = await engine.reloads.hotReloadModule('core', { probationMs: 0, source: coreSource(100 + index) });
      samples.push(performance.now() - started);
      if (result.outcome !== 'reloaded') throw new Error(`reload ${result.outcome}: ${result.error?.message}`);
    }
    const resourcesAfter = count();
    const processListenersAfter = listeners();
    running = false;
    await Promise.all(clients);
    return {
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      requests,
      failed,
      resourcesBefore,
      resourcesAfter,
      processListenersBefore,
      processListenersAfter,
    };
  } finally {
    agent.destroy();
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  }
}
