import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startEngine } from '../support/engine';
import { linkPackage } from '../support/project-workspace';
import { id, makeWorkspace, openRuntime, tempDir } from '../support/temp-workspace';

/** A port nothing listens on now (the fixture's fixed port). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An agent's HTTP entry as people write it: top-level createServer().listen(PORT), no hot.* calls. */
const WEB = (port: number, answer: string): string => `
import http from 'node:http';
const held: http.ServerResponse[] = [];
export const server = http.createServer((request, response) => {
  if (request.url === '/hold') held.push(response);
  else response.end('${answer}');
});
server.listen(${port}, '127.0.0.1');
/** Answers the held requests, from this version's code. */
export function finishHeld(): number {
  for (const response of held.splice(0)) response.end('held by ${answer}');
  return held.length;
}
`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** A GET through the keep-alive agent; one left unanswered fails with what it waited for instead of hanging the test. */
function get(port: number, urlPath = '/', timeoutMs = 15_000, through = agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent: through, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.on('timeout', () => {
      const reused = request.reusedSocket ? 'a reused keep-alive connection' : 'a new connection';
      request.destroy(new Error(`GET ${urlPath} unanswered after ${timeoutMs} ms on ${reused}`));
    });
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Until the old server on a moved port has closed (it keeps the port a moment for a successor). */
async function eventuallyRefused(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await refused(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('a server on a fixed port across reloads', () => {
  test('the next request is answered by the new code, with no EADDRINUSE, in either evaluation order', async () => {
    const port = await freePort();
    const runtime = await openRuntime(makeWorkspace({ web: WEB(port, 'v1') }));
    expect(await get(port)).toBe('v1');
    // Dispose, then evaluate (the runtime's own swap).
    await runtime.swap(id('web'), WEB(port, 'v2'));
    expect(await get(port)).toBe('v2');
    // A candidate evaluated while the live version still serves: it waits for the port.
    const candidate = runtime.instantiate(await runtime.compile(id('web'), WEB(port, 'v3')));
    expect(await get(port)).toBe('v2');
    const previous = runtime.publish(candidate);
    if (previous !== undefined) runtime.disposeVersion(previous);
    expect(await get(port)).toBe('v3');
    expect(runtime.record(id('web'))?.lastError ?? null).toBeNull();
  });

  test('a request that comes while the next version is still loading (the old one released) is answered by the old code, then the new code answers', async () => {
    const port = await freePort();
    const dir = tempDir();
    const [loading, go] = [path.join(dir, 'loading'), path.join(dir, 'go')];
    // The next version says it started loading (the old one is released by then), then waits for
    // the test before it listens: a top-level await as a slow start would make.
    const slowStart = (answer: string): string => `
import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
writeFileSync(${JSON.stringify(loading)}, '');
while (!existsSync(${JSON.stringify(go)})) await new Promise((resolve) => setTimeout(resolve, 10));
export const server = http.createServer((request, response) => response.end('${answer}'));
server.listen(${port}, '127.0.0.1');
`;
    const runtime = await openRuntime(makeWorkspace({ web: WEB(port, 'v1') }));
    const single = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(port, '/', undefined, single)).toBe('v1');
    const swapping = runtime.swap(id('web'), slowStart('v2'));
    await expect.poll(() => existsSync(loading), { timeout: 30_000 }).toBe(true);
    // On the kept-alive connection and on a new one: the released version's server still answers.
    expect(await get(port, '/', undefined, single)).toBe('v1');
    expect(await get(port, '/', undefined, new http.Agent({ keepAlive: false }))).toBe('v1');
    writeFileSync(go, '');
    await swapping;
    await expect.poll(() => get(port, '/', undefined, new http.Agent({ keepAlive: false })), { timeout: 30_000 }).toBe('v2');
    expect(await get(port, '/', undefined, single)).toBe('v2');
    single.destroy();
    expect(runtime.record(id('web'))?.lastError ?? null).toBeNull();
  });

  test('over 3 reloads, work a request starts (a child process) belongs to the newest version, on new and kept-alive connections', async () => {
    const port = await freePort();
    // What a request starts belongs to the version serving the connection: a child process
    // started for a released version is ended at once, so the answer would be the kill signal.
    const spawning = (answer: string): string => `
import http from 'node:http';
import { execFile } from 'node:child_process';
export const server = http.createServer((request, response) => {
  execFile(process.execPath, ['-e', 'process.stdout.write("${answer}")'], (error, stdout) => response.end(error === null ? stdout : 'child ended: ' + String(error.signal ?? error.message)));
});
server.listen(${port}, '127.0.0.1');
`;
    const runtime = await openRuntime(makeWorkspace({ web: spawning('v1') }));
    expect(await get(port)).toBe('v1');
    for (let generation = 2; generation <= 4; generation++) {
      await runtime.swap(id('web'), spawning(`v${generation}`));
      expect(await get(port)).toBe(`v${generation}`);
      const fresh = new http.Agent({ keepAlive: false });
      expect(await get(port, '/', undefined, fresh)).toBe(`v${generation}`);
    }
    expect(runtime.record(id('web'))?.lastError ?? null).toBeNull();
  });

  test('requests in flight finish on the old code; the old server then closes', async () => {
    const port = await freePort();
    const runtime = await openRuntime(makeWorkspace({ web: WEB(port, 'v1') }));
    const oldVersion = runtime.current(id('web'));
    const held = get(port, '/hold');
    await new Promise<void>((resolve) => {
      const oldServer = oldVersion?.exports.server as http.Server;
      if (oldServer.listenerCount('request') > 0) oldServer.prependOnceListener('request', () => setImmediate(resolve));
    });
    const oldServer = oldVersion?.exports.server as http.Server;
    const oldClosed = new Promise<void>((resolve) => oldServer.once('close', resolve));
    await runtime.swap(id('web'), WEB(port, 'v2'));
    expect(await get(port)).toBe('v2');
    (oldVersion?.exports.finishHeld as () => void)();
    expect(await held).toBe('held by v1');
    agent.destroy();
    await oldClosed;
    expect(oldServer.listening).toBe(false);
    expect(await get(port)).toBe('v2');
  });

  test('a server moved to another port, or removed, is closed', async () => {
    const [first, second] = [await freePort(), await freePort()];
    const runtime = await openRuntime(makeWorkspace({ web: WEB(first, 'v1') }));
    await runtime.swap(id('web'), WEB(second, 'moved'));
    expect(await get(second)).toBe('moved');
    expect(await eventuallyRefused(first)).toBe(true);
    await runtime.swap(id('web'), 'export const server = null;\n');
    expect(await eventuallyRefused(second)).toBe(true);
  });

  test('a ws WebSocket server: new connections reach the new code, open ones finish on the old', async () => {
    const port = await freePort();
    const socketServer = (answer: string): string =>
      `import { WebSocketServer } from 'ws';\nexport const wss = new WebSocketServer({ port: ${port}, host: '127.0.0.1' });\nwss.on('connection', (socket) => socket.on('message', () => socket.send('${answer}')));\n`;
    const root = makeWorkspace({ chat: socketServer('v1') });
    linkPackage(root, 'ws');
    const runtime = await openRuntime(root);
    expect(runtime.record(id('chat'))?.lastError ?? null).toBeNull();
    const connect = async (): Promise<WebSocket> => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return socket;
    };
    const ask = (socket: WebSocket): Promise<string> =>
      new Promise((resolve) => {
        socket.once('message', (data: Buffer) => resolve(data.toString()));
        socket.send('hello');
      });
    const before = await connect();
    expect(await ask(before)).toBe('v1');
    await runtime.swap(id('chat'), socketServer('v2'));
    const after = await connect();
    expect(await ask(after)).toBe('v2');
    expect(await ask(before)).toBe('v1');
    before.close();
    after.close();
    expect(runtime.record(id('chat'))?.lastError ?? null).toBeNull();
  });

  test('under a steady load, 50 reloads and a rollback through the engine fail no request', async () => {
    const port = await freePort();
    const root = makeWorkspace({ web: WEB(port, 'v0') });
    writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck: false, probationMs: 0 }));
    const engine = await startEngine(root);
    // The port is ours (a test running beside this one could have taken it since freePort()).
    expect(await get(port)).toBe('v0');
    const answers = new Map<string, number>();
    const failures: string[] = [];
    let inFlight = 0;
    // About 200 requests a second, never more than 16 at once.
    const load = setInterval(() => {
      if (inFlight >= 16) return;
      inFlight += 1;
      get(port).then(
        (body) => answers.set(body, (answers.get(body) ?? 0) + 1),
        (error: unknown) => failures.push(String(error)),
      ).finally(() => (inFlight -= 1));
    }, 5);
    const answered = (): number => [...answers.values()].reduce((sum, count) => sum + count, 0);
    const afterMore = async (count: number): Promise<void> => {
      const target = answered() + count;
      while (answered() < target && failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    try {
      await afterMore(5);
      for (let generation = 1; generation <= 50; generation++) {
        const result = await engine.reloads.hotReloadModule('web', { source: WEB(port, `v${generation}`), testAfterReload: false });
        expect(result.outcome).toBe('reloaded');
        await afterMore(3);
        expect(await get(port)).toBe(`v${generation}`);
      }
      const first = engine.versions.history(id('web'), 100).at(-1);
      if (first === undefined) throw new Error('no first version');
      await engine.rollback.rollbackToVersion(first.versionId);
      await afterMore(3);
      expect(await get(port)).toBe('v0');
    } finally {
      clearInterval(load);
    }
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(failures).toEqual([]);
    expect([...answers.keys()].filter((body) => !/^v\d+$/.test(body))).toEqual([]);
    expect(answered()).toBeGreaterThan(150);
  }, 120_000);
});
