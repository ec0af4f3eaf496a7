import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService, type ModuleInfo } from '../../shared/contract/panel';
import { AUTH_PATH, WS_PATH } from '../../shared/contract/channels';
import type { ModuleId } from '../../shared/ids';
import { startHost, NOT_BUILT_MESSAGE, type RunningHost } from '../../electron/host';
import { hostCsp } from '../../electron/host/http-responses';
import { openAppServices, type AppServices } from '../../electron/app/app-services';
import type { AgentRuntime } from '../../electron/runtime/agent-runtime';
import { sha256 } from '../../electron/runtime/compile';
import { forwardPanelEvents } from '../../electron/services/panel-events';
import { createPanelHandlers } from '../../electron/services/panel-handlers';
import { rawGet } from '../support/http-get';
import { attemptUpgrade, SocketClient } from '../support/socket-client';
import { scratchDir, writeModules } from '../support/scratch-dir';

const INDEX_HTML = '<!doctype html><title>panel</title><script type="module" src="./assets/app.js"></script>\n';
const SECRET = 'outside-the-renderer-folder';

let temp: ReturnType<typeof scratchDir>;
let services: AppServices;
let runtime: AgentRuntime;
let host: RunningHost;
const sockets: SocketClient[] = [];

async function connect(): Promise<SocketClient> {
  const client = await SocketClient.connect(socketUrl(host.token));
  sockets.push(client);
  return client;
}

function socketUrl(token: string | null): string {
  return `ws://127.0.0.1:${host.port}${WS_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

beforeAll(async () => {
  temp = scratchDir('sara-host-');
  const root = writeModules(path.join(temp.dir, 'workspace'), {
    a: 'export function hi(n: number): number { return n + 1; }\n',
    b: "import { hi } from './a';\nexport function twice(n: number): number { return hi(hi(n)); }\n",
  });
  const rendererDir = path.join(temp.dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("panel");\n');
  writeFileSync(path.join(temp.dir, 'secret.txt'), SECRET);
  symlinkSync(path.join(temp.dir, 'secret.txt'), path.join(rendererDir, 'linked.txt'));
  services = await openAppServices(root);
  runtime = services.engine.runtime;
  const dispatcher = createDispatcher(panelService, createPanelHandlers(services, '0.0.0'));
  host = await startHost({ dispatcher, events: (send) => forwardPanelEvents(services, send), rendererDir, port: 0 });
});

afterAll(async () => {
  for (const client of sockets) client.close();
  await host?.close();
  await services?.close();
  temp?.remove();
});

describe('HTTP', () => {
  test('serves index.html at / with the panel CSP and no caching', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toBe(hostCsp(host.port));
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).not.toContain('ws://127.0.0.1:*');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  test('serves assets with their content type', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain('panel');
  });

  test.each([
    '/../secret.txt',
    '/../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..\\secret.txt',
    '/%00index.html',
    '/%E0%A4%A',
    '/linked.txt',
    '/assets',
    '/missing.js',
  ])('answers 404 to %s', async (requestPath) => {
    const response = await rawGet(host.port, requestPath);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(SECRET);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  test('the token check answers 204 for the host token and 401 otherwise, with no agent data', async () => {
    const check = (token: string | null) =>
      rawGet(host.port, `${AUTH_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`);
    const good = await check(host.token);
    expect(good.status).toBe(204);
    expect(good.body).toBe('');
    expect(good.headers['cache-control']).toBe('no-store');
    for (const token of [null, '', 'x'.repeat(43), `${host.token}x`]) {
      const refused = await check(token);
      expect(refused.status).toBe(401);
      expect(refused.body).toBe('This access link is not valid.\n');
    }
    expect((await rawGet(host.port, `${AUTH_PATH}?token=${host.token}`, 'POST')).status).toBe(405);
  });

  test('refuses methods other than GET and HEAD', async () => {
    const response = await rawGet(host.port, '/', 'POST');
    expect(response.status).toBe(405);
  });

  test('answers 503 with a one-line hint when the panel is not built', async () => {
    const emptyRenderer = path.join(temp.dir, 'not-built');
    mkdirSync(emptyRenderer);
    const dispatcher = createDispatcher(panelService, createPanelHandlers(services, '0.0.0'));
    const unbuilt = await startHost({ dispatcher, rendererDir: emptyRenderer });
    try {
      const response = await fetch(unbuilt.url);
      expect(response.status).toBe(503);
      expect(await response.text()).toBe(`${NOT_BUILT_MESSAGE}\n`);
      expect(NOT_BUILT_MESSAGE).toBe('Panel not built: run `npm run build`');
    } finally {
      await unbuilt.close();
    }
  });
});

describe('WebSocket', () => {
  test('listModules round-trips', async () => {
    const client = await connect();
    const envelope = await client.request('listModules', {});
    expect(envelope.ok).toBe(true);
    const modules = (envelope as { value: ModuleInfo[] }).value;
    expect(modules.map((module) => module.id)).toEqual(['a', 'b']);
    expect(modules.find((module) => module.id === 'b')?.dependencies).toEqual(['a']);
  });

  test('callFunction returns the value', async () => {
    const client = await connect();
    expect(await client.request('callFunction', { module: 'b', fn: 'twice', args: [1] })).toEqual({ ok: true, value: 3 });
  });

  test('a malformed frame gets an INVALID_REQUEST error frame and the socket keeps answering', async () => {
    const client = await connect();
    client.sendRaw('{not json');
    expect(await client.waitFor((frame) => frame.type === 'error')).toMatchObject({
      type: 'error',
      error: { code: 'INVALID_REQUEST' },
    });
    client.sendRaw(JSON.stringify({ type: 'request', id: -1, method: 'listModules' }));
    expect(await client.waitFor((frame) => frame.type === 'error')).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    expect((await client.request('listModules', {})).ok).toBe(true);
  });

  test('invalid input gets an INVALID_REQUEST envelope', async () => {
    const client = await connect();
    const envelope = await client.request('callFunction', { module: 42, fn: 'twice', args: [] });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await client.request('noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  test.each([
    ['no token', null],
    ['a wrong token', 'x'.repeat(43)],
    ['an empty token', ''],
  ])('refuses the upgrade with 401 given %s', async (_label, token) => {
    const result = await attemptUpgrade(socketUrl(token));
    expect(result).toEqual({ status: 401, opened: false, messages: 0 });
  });

  test('refuses a foreign Origin even with the right token, accepts its own', async () => {
    expect((await attemptUpgrade(socketUrl(host.token), 'http://evil.example')).status).toBe(403);
    expect((await attemptUpgrade(socketUrl(host.token), `http://127.0.0.1:${host.port}`)).status).toBe(101);
  });

  test('refuses upgrades on other paths', async () => {
    expect((await attemptUpgrade(`ws://127.0.0.1:${host.port}/other?token=${host.token}`)).status).toBe(404);
  });

  test('a swap pushes modulesChanged with the new hash', async () => {
    const client = await connect();
    const source = 'export function hi(n: number): number { return n + 100; }\n';
    await runtime.swap('a' as ModuleId, source);
    const frame = await client.waitFor((candidate) => candidate.type === 'event');
    expect(frame).toMatchObject({ type: 'event', event: 'modulesChanged' });
    const modules = (frame as { payload: ModuleInfo[] }).payload;
    expect(modules.find((module) => module.id === 'a')?.hash).toBe(sha256(source));
    expect(await client.request('callFunction', { module: 'b', fn: 'twice', args: [1] })).toEqual({ ok: true, value: 201 });
  });

  test('close() terminates sockets and stops listening', async () => {
    const dispatcher = createDispatcher(panelService, createPanelHandlers(services, '0.0.0'));
    const other = await startHost({ dispatcher, rendererDir: path.join(temp.dir, 'renderer'), token: 'a'.repeat(32) });
    expect(other.token).toBe('a'.repeat(32));
    const client = await SocketClient.connect(`ws://127.0.0.1:${other.port}${WS_PATH}?token=${other.token}`);
    const closed = new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
    await other.close();
    await closed;
    await expect(fetch(other.url)).rejects.toThrow();
  });
});

describe('DNS rebinding: a page whose name was rebound to 127.0.0.1', () => {
  function getWithHost(hostHeader: string, pathname: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port: host.port, path: pathname, headers: { host: hostHeader } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }

  test.each(['/', '/assets/app.js', `${AUTH_PATH}?token=TOKEN`])('cannot read %s: 421, nothing of the panel', async (pathname) => {
    const target = pathname.replace('TOKEN', host.token);
    for (const name of [`evil.example:${host.port}`, 'evil.example', `localhost:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const answer = await getWithHost(name, target);
      expect(answer.status, name).toBe(421);
      expect(answer.body).toMatch(/host name is not allowed/);
    }
    for (const name of [`127.0.0.1:${host.port}`, `localhost:${host.port}`]) {
      expect((await getWithHost(name, target)).status, name).toBeLessThan(300);
    }
  });

  test('cannot open the socket, even with the token and a matching Origin', async () => {
    const url = `ws://127.0.0.1:${host.port}${WS_PATH}?token=${host.token}`;
    const refused = await attemptUpgrade(url, `http://evil.example:${host.port}`, `evil.example:${host.port}`);
    expect(refused).toMatchObject({ status: 421, opened: false, messages: 0 });
  });
});
