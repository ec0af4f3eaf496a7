import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AUTH_PATH, TOKEN_PARAM } from '../../shared/contract/channels';
import type { Dispatcher } from '../../shared/contract/dispatch';
import { AppError } from '../../shared/errors';
import type { PanelEventSender } from '../services/panel-events';
import { answerAuthCheck } from './auth-check';
import { HOST_REFUSED, hostHeaderAllowed } from './host-header';
import { sendText } from './http-responses';
import { createSocketHub, refuseUpgrade } from './socket-hub';
import { serveStatic } from './static-files';
import { checkToken, createToken } from './token';

export interface HostOptions {
  /** The panel contract's dispatcher (the same one Electron IPC uses). */
  readonly dispatcher: Dispatcher;
  /**
   * Subscribes the host to the panel's events (see forwardPanelEvents); every event goes to
   * every connected client. Returns the unsubscribe function.
   */
  readonly events?: (send: PanelEventSender) => () => void;
  /** The built renderer (out/renderer). May be missing: the host then answers 503 until it is built. */
  readonly rendererDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Only loopback: reach a remote host through an SSH tunnel, never by exposing the port. */
  readonly host?: '127.0.0.1';
  /** Access token; 32 random bytes (base64url) when left out. */
  readonly token?: string;
  /** More names the browser may use in `Host` (`name` or `name:port`), e.g. behind a tunnel; loopback always works. */
  readonly allowedHosts?: readonly string[];
}

export interface RunningHost {
  /** The panel's address, token included: what a person opens. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Unsubscribes from the events, terminates every socket and stops listening. */
  close(): Promise<void>;
}

/**
 * The headless host: serves the built panel over HTTP and the panel contract over a WebSocket,
 * so the agent can run on a server and be controlled from a browser.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token === undefined ? createToken() : checkToken(options.token);
  const bindAddress = options.host ?? '127.0.0.1';
  const rendererDir = path.resolve(options.rendererDir);
  const allowedHosts = options.allowedHosts ?? [];
  const server = createServer((request, response) => {
    if (!hostHeaderAllowed(request, port, allowedHosts)) return sendText(response, 421, HOST_REFUSED);
    if (answerAuthCheck(request, response, AUTH_PATH, token)) return;
    serveStatic(request, response, rendererDir).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'Internal error.');
      else response.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const port = await listen(server, options.port ?? 0, bindAddress);

  const origin = `http://${bindAddress}:${port}`;
  // Events are asked for only while a panel is connected: with none, the agent computes no views.
  let unsubscribe: (() => void) | null = null;
  const subscribeWhileConnected = (count: number): void => {
    if (count > 0 && unsubscribe === null) unsubscribe = options.events?.((event, payload) => hub.broadcast({ type: 'event', event, payload })) ?? (() => undefined);
    else if (count === 0 && unsubscribe !== null) {
      unsubscribe();
      unsubscribe = null;
    }
  };
  const hub = createSocketHub({
    dispatcher: options.dispatcher,
    token,
    allowedOrigins: [origin, `http://localhost:${port}`, ...allowedHosts.map((name) => `http://${name}`)],
    onClientsChanged: subscribeWhileConnected,
  });
  server.on('upgrade', (request, socket, head) => {
    if (hostHeaderAllowed(request, port, allowedHosts)) hub.handleUpgrade(request, socket, head);
    else refuseUpgrade(socket, HOST_REFUSED);
  });

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        subscribeWhileConnected(0);
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('TRANSPORT', `Port ${port} on ${host} is already in use.`, {
              hint: 'Pick another port, or 0 for a free one.',
              cause: error,
            })
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
