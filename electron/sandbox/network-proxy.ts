import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The sandbox's only way out when the workspace names allowed hosts: an HTTP proxy in the app's
 * process, on a unix socket inside the sandbox folder (the sandbox has no network of its own).
 * CONNECT (https, any TCP) and plain http requests pass only to a named host; everything else
 * gets 403. The runner forwards 127.0.0.1:PROXY_PORT inside the sandbox to this socket, and
 * Node's own env proxy support (NODE_USE_ENV_PROXY) sends fetch and http(s) through it.
 */

/** Where the proxy answers inside the sandbox's own network namespace (always free there). */
export const PROXY_PORT = 3128;

export interface HostProxy {
  /** Connections let through and refused, for the report. */
  readonly counts: { allowed: number; refused: number };
  close(): Promise<void>;
}

/** `host` or `host:port` entries; a bare host allows ports 80 and 443. */
export function hostAllowed(allowed: readonly string[], host: string, port: number): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((entry) => {
    const lower = entry.trim().toLowerCase();
    const match = /^(.*):(\d+)$/.exec(lower);
    if (match !== null) return match[1]?.replace(/^\[|\]$/g, '') === name && Number(match[2]) === port;
    return lower === name && (port === 80 || port === 443);
  });
}

export function startHostProxy(socketPath: string, allowed: readonly string[]): Promise<HostProxy> {
  const counts = { allowed: 0, refused: 0 };
  const sockets = new Set<Duplex>();
  const server: Server = createServer((request, response) => {
    const target = parseAbsolute(request);
    if (target === null || !hostAllowed(allowed, target.hostname, target.port)) {
      counts.refused += 1;
      response.writeHead(403, { 'Content-Type': 'text/plain' }).end(`${target?.hostname ?? 'that host'} is not in the workspace's sandbox.allowedHosts.\n`);
      return;
    }
    counts.allowed += 1;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: request.method, path: target.path, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host = '', portText = ''] = splitHostPort(request.url ?? '');
    const port = Number(portText);
    if (!hostAllowed(allowed, host, port)) {
      counts.refused += 1;
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    counts.allowed += 1;
    const upstream: Socket = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve({
        counts,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function parseAbsolute(request: IncomingMessage): { hostname: string; port: number; path: string } | null {
  try {
    const url = new URL(request.url ?? '');
    if (url.protocol !== 'http:') return null;
    return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port === '' ? 80 : url.port), path: `${url.pathname}${url.search}` };
  } catch {
    return null;
  }
}

function splitHostPort(authority: string): [string, string] {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(authority);
  return match === null ? ['', ''] : [match[1] ?? '', match[2] ?? ''];
}
