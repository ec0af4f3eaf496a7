import { afterEach, describe, expect, test, vi } from 'vitest';
import { RemoteError } from '../../shared/contract/client';
import type { ConnectionState } from '../../renderer/src/transport/connection';
import { chooseConnection } from '../../renderer/src/transport/choose-connection';
import { checkAccessLink } from '../../renderer/src/transport/access-check';
import {
  ACCESS_LINK_INVALID,
  createWebSocketConnection,
  type AccessVerdict,
  type SocketLike,
} from '../../renderer/src/transport/websocket-connection';

/** A socket the test drives: it records what the panel sends and fires the events on demand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: unknown[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}

function connectionWithFakes() {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const connection = createWebSocketConnection('ws://127.0.0.1:4000/ws?token=t', {
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    initialRetryMs: 100,
    maxRetryMs: 400,
  });
  connection.onState((state) => states.push(state));
  const latest = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (socket === undefined) throw new Error('no socket');
    return socket;
  };
  return { connection, sockets, states, latest };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the WebSocket connection', () => {
  test('sends requests queued while connecting once open, and matches responses by id', async () => {
    const { connection, latest } = connectionWithFakes();
    const first = connection.transport.invoke('listModules', {});
    const second = connection.transport.invoke('workspaceInfo', {});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([
      { type: 'request', id: 0, method: 'listModules', input: {} },
      { type: 'request', id: 1, method: 'workspaceInfo', input: {} },
    ]);
    latest().receive({ type: 'response', id: 1, envelope: { ok: true, value: 'info' } });
    latest().receive({ type: 'response', id: 0, envelope: { ok: false, error: { code: 'INTERNAL', message: 'x' } } });
    expect(await second).toEqual({ ok: true, value: 'info' });
    expect(await first).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'x' } });
  });

  test('fans pushed events out to listeners and ignores malformed frames', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { connection, latest } = connectionWithFakes();
    const heard: unknown[] = [];
    const stop = connection.transport.onEvent((event, payload) => heard.push([event, payload]));
    latest().open();
    latest().receive({ type: 'event', event: 'modulesChanged', payload: [1] });
    latest().receive({ type: 'event' });
    latest().onmessage?.({ data: 'not json' } as MessageEvent);
    stop();
    latest().receive({ type: 'event', event: 'modulesChanged', payload: [2] });
    expect(heard).toEqual([['modulesChanged', [1]]]);
    expect(logged).toHaveBeenCalledTimes(2);
  });

  test('rejects waiting requests when the socket closes, then reconnects with growing delays', async () => {
    vi.useFakeTimers();
    const { connection, sockets, states, latest } = connectionWithFakes();
    latest().open();
    const waiting = connection.transport.invoke('listModules', {});
    latest().drop();
    await expect(waiting).rejects.toSatisfy((error) => error instanceof RemoteError && error.code === 'TRANSPORT');
    expect(states.at(-1)?.status).toBe('reconnecting');
    await expect(connection.transport.invoke('listModules', {})).rejects.toBeInstanceOf(RemoteError);

    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    latest().drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    latest().open();
    expect(states.at(-1)).toEqual({ status: 'connected', detail: null });
    connection.close();
    expect(states.at(-1)?.status).toBe('offline');
  });

  test('stops retrying when the host refuses the token', () => {
    vi.useFakeTimers();
    const { sockets, states, latest } = connectionWithFakes();
    latest().open();
    latest().receive({ type: 'error', error: { code: 'UNAUTHORIZED', message: 'Wrong token.' } });
    latest().drop(1008);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toEqual({ status: 'offline', detail: 'Wrong token.', accessDenied: true });
  });

  test('asks the host about the access link first, and a stale link never connects or retries', async () => {
    vi.useFakeTimers();
    const createSocket = vi.fn((url: string) => new FakeSocket(url));
    const states: ConnectionState[] = [];
    const connection = createWebSocketConnection('ws://127.0.0.1:4000/ws?token=old', {
      createSocket,
      checkAccess: async () => 'invalid',
    });
    connection.onState((state) => states.push(state));
    await vi.runAllTimersAsync();
    expect(createSocket).not.toHaveBeenCalled();
    expect(states.at(-1)).toEqual({ status: 'offline', detail: ACCESS_LINK_INVALID, accessDenied: true });
    expect(ACCESS_LINK_INVALID).toContain('was the host restarted?');
  });

  test('after a drop the link is checked again: a host restarted with a new token stops the retries', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    let verdict: AccessVerdict = 'valid';
    const connection = createWebSocketConnection('ws://127.0.0.1:4000/ws?token=t', {
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      checkAccess: async () => verdict,
      initialRetryMs: 100,
    });
    const states: ConnectionState[] = [];
    connection.onState((state) => states.push(state));
    await vi.advanceTimersByTimeAsync(0);
    sockets.at(-1)?.open();
    verdict = 'invalid';
    sockets.at(-1)?.drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)?.accessDenied).toBe(true);
  });

  test('a host that cannot say (unknown) is still tried', async () => {
    vi.useFakeTimers();
    const createSocket = vi.fn((url: string) => new FakeSocket(url));
    createWebSocketConnection('ws://127.0.0.1:4000/ws?token=t', { createSocket, checkAccess: async () => 'unknown' });
    await vi.advanceTimersByTimeAsync(0);
    expect(createSocket).toHaveBeenCalledTimes(1);
  });
});

describe('checkAccessLink', () => {
  const location = { origin: 'http://127.0.0.1:4000', search: '?token=a%2Bb' };
  const answer = (status: number) => vi.fn(async (_url: string | URL | Request) => new Response(null, { status }));

  test('asks GET /auth with the page token and reads 204 / 401 / anything else', async () => {
    const ok = answer(204);
    expect(await checkAccessLink(location, ok as unknown as typeof fetch)).toBe('valid');
    expect(ok.mock.calls[0]?.[0]).toBe('http://127.0.0.1:4000/auth?token=a%2Bb');
    expect(await checkAccessLink(location, answer(401) as unknown as typeof fetch)).toBe('invalid');
    expect(await checkAccessLink(location, answer(503) as unknown as typeof fetch)).toBe('unknown');
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await checkAccessLink(location, down as unknown as typeof fetch)).toBe('unknown');
  });
});

describe('chooseConnection', () => {
  const location = (search: string, protocol = 'http:') => ({ protocol, host: '127.0.0.1:4000', search });

  test('without a token it makes no connection at all', () => {
    const createSocket = vi.fn();
    expect(chooseConnection({ location: location('') }, { createSocket })).toEqual({ kind: 'needs-access-link' });
    expect(chooseConnection({ location: location('?token=') }, { createSocket }).kind).toBe('needs-access-link');
    expect(createSocket).not.toHaveBeenCalled();
  });

  test('with a token it connects to the page host, wss under https', () => {
    const urls: string[] = [];
    const createSocket = (url: string) => {
      urls.push(url);
      return new FakeSocket(url);
    };
    chooseConnection({ location: location('?token=abc+/=') }, { createSocket });
    chooseConnection({ location: location('?token=abc', 'https:') }, { createSocket });
    expect(urls).toEqual(['ws://127.0.0.1:4000/ws?token=abc%20%2F%3D', 'wss://127.0.0.1:4000/ws?token=abc']);
  });

  test('prefers the Electron preload bridge', () => {
    const bridge = { invoke: vi.fn(), onEvent: vi.fn() };
    const choice = chooseConnection({ saraphina: bridge, location: location('') });
    expect(choice.kind === 'ready' && choice.connection.kind).toBe('electron');
  });
});
