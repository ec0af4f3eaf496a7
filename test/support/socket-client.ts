import { WebSocket } from 'ws';
import type { ServerFrame } from '../../shared/contract/wire';
import type { Envelope } from '../../shared/result';

/**
 * A test client for the host's WebSocket: keeps every frame it receives so a test can wait for
 * the one it expects without racing the server.
 */
export class SocketClient {
  readonly frames: ServerFrame[] = [];
  private nextId = 1;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as ServerFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(url: string): Promise<SocketClient> {
    const socket = new WebSocket(url);
    const client = new SocketClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Sends a raw text frame (for malformed-frame tests). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  async request(method: string, input: unknown): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ type: 'request', id, method, input }));
    const frame = await this.waitFor((candidate) => candidate.type === 'response' && candidate.id === id);
    if (frame.type !== 'response') throw new Error('unreachable');
    return frame.envelope;
  }

  /** Resolves with the first frame (received so far or later) that `match` accepts, and removes it. */
  async waitFor(match: (frame: ServerFrame) => boolean, timeoutMs = 5000): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0] as ServerFrame;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

export interface RefusedUpgrade {
  readonly status: number;
  readonly opened: boolean;
  readonly messages: number;
}

/** Tries to open a socket that the host should refuse; reports the HTTP status it answered with. */
export function attemptUpgrade(url: string, origin?: string, hostHeader?: string): Promise<RefusedUpgrade> {
  const socket = new WebSocket(url, { ...(origin === undefined ? {} : { origin }), ...(hostHeader === undefined ? {} : { headers: { host: hostHeader } }) });
  let opened = false;
  let messages = 0;
  socket.on('open', () => (opened = true));
  socket.on('message', () => (messages += 1));
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, opened, messages }));
    });
    socket.once('error', reject);
    socket.once('open', () => {
      socket.terminate();
      resolve({ status: 101, opened, messages });
    });
  });
}
