import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Dispatcher } from '../../shared/contract/dispatch';
import { clientFrameSchema, TOKEN_PARAM, WS_PATH, type ServerFrame } from '../../shared/contract/wire';
import { toErrorInfo } from '../../shared/errors';
import { fail, type Envelope } from '../../shared/result';
import { tokenMatches } from './token';

/** Largest frame a client may send; ws closes the socket (code 1009) beyond it. */
export const MAX_FRAME_BYTES = 1024 * 1024;
const KEEPALIVE_MS = 30_000;

export interface SocketHubOptions {
  readonly dispatcher: Dispatcher;
  readonly token: string;
  /** Origins a browser may connect from (the host's own); a request without Origin is not a browser's. */
  readonly allowedOrigins: readonly string[];
  /** Called with the number of connected clients each time one connects or goes. */
  readonly onClientsChanged?: (count: number) => void;
}

/** The WebSocket side of the host: authenticates upgrades, answers requests, pushes events. */
export interface SocketHub {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends a frame to every connected (so authenticated) client. */
  broadcast(frame: ServerFrame): void;
  clientCount(): number;
  /** Terminates every socket; the hub accepts nothing afterwards. */
  close(): void;
}

export function createSocketHub(options: SocketHubOptions): SocketHub {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakSet<WebSocket>();
  let closed = false;

  const keepalive = setInterval(() => {
    for (const client of server.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  const clientsChanged = (): void => options.onClientsChanged?.(server.clients.size);

  function accept(client: WebSocket): void {
    alive.add(client);
    client.once('close', clientsChanged);
    clientsChanged();
    client.on('pong', () => alive.add(client));
    client.on('error', () => client.terminate());
    client.on('message', (data, isBinary) => {
      void answer(client, data, isBinary, options.dispatcher);
    });
  }

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', () => socket.destroy());
      const refusal = closed ? ([503, 'Host is closing.'] as const) : checkUpgrade(request, options);
      if (refusal !== null) {
        refuse(socket, refusal[0], refusal[1]);
        return;
      }
      server.handleUpgrade(request, socket, head, accept);
    },
    broadcast(frame) {
      if (server.clients.size === 0) return;
      const text = JSON.stringify(frame);
      for (const client of server.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(text);
      }
    },
    clientCount: () => server.clients.size,
    close() {
      closed = true;
      clearInterval(keepalive);
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}

/** Why an upgrade is refused (status and one line), or null to accept it. */
function checkUpgrade(request: IncomingMessage, options: SocketHubOptions): readonly [number, string] | null {
  const url = request.url ?? '';
  const mark = url.indexOf('?');
  const pathname = mark < 0 ? url : url.slice(0, mark);
  const query = mark < 0 ? '' : url.slice(mark + 1);
  if (pathname !== WS_PATH) return [404, 'Not found.'];
  const origin = request.headers.origin;
  if (origin !== undefined && !options.allowedOrigins.includes(origin)) {
    return [403, 'Connections are accepted only from the panel this host serves.'];
  }
  if (!tokenMatches(new URLSearchParams(query).get(TOKEN_PARAM), options.token)) {
    return [401, 'Missing or wrong token: open the URL the host printed, including ?token=.'];
  }
  return null;
}

/** Refuses an upgrade before the hub sees it (a `Host` this host does not answer to). */
export function refuseUpgrade(socket: Duplex, text: string): void {
  socket.on('error', () => socket.destroy());
  refuse(socket, 421, text);
}

function refuse(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

async function answer(client: WebSocket, data: RawData, isBinary: boolean, dispatcher: Dispatcher): Promise<void> {
  if (isBinary) {
    send(client, invalid('Binary frames are not supported: send JSON text.'));
    return;
  }
  let message: unknown;
  try {
    message = JSON.parse(rawText(data));
  } catch {
    send(client, invalid('Malformed frame: not JSON.'));
    return;
  }
  const frame = clientFrameSchema.safeParse(message);
  if (!frame.success) {
    send(client, invalid('Malformed frame: expected { type: "request", id, method, input }.'));
    return;
  }
  let envelope: Envelope<unknown>;
  try {
    envelope = await dispatcher({ method: frame.data.method, input: frame.data.input });
  } catch (error) {
    envelope = fail(toErrorInfo(error));
  }
  send(client, { type: 'response', id: frame.data.id, envelope });
}

function invalid(message: string): ServerFrame {
  return { type: 'error', error: { code: 'INVALID_REQUEST', message } };
}

function send(client: WebSocket, frame: ServerFrame): void {
  if (client.readyState !== WebSocket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(frame);
  } catch (error) {
    if (frame.type !== 'response') return;
    text = JSON.stringify({ ...frame, envelope: fail(toErrorInfo(error)) });
  }
  client.send(text);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
