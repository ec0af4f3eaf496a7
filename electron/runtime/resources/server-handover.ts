import http from 'node:http';
import type net from 'node:net';
import { runInOwnerContext } from './owner-context';
import type { VersionResources } from './version-resources';

/** How long a replaced version's server keeps its port for the next version before it closes. */
const PARK_MS = 1000;

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;
type ListeningHandle = { onconnection: (...args: unknown[]) => void } & object;

interface Holder {
  readonly key: string;
  readonly server: net.Server;
  readonly owner: VersionResources;
  /** The next version's server, waiting for this port (it listened while this one still served). */
  waiter?: { readonly server: net.Server; readonly owner: VersionResources };
  /** Set once the owner was released and no successor has taken the port yet. */
  parked?: NodeJS.Timeout;
}

/** Servers of module versions listening on a fixed address, by `host:port`. */
const holders = new Map<string, Holder>();
/** Close callbacks a version's dispose passed while its server was kept for the successor. */
const closeCallbacks = new WeakMap<net.Server, (() => void)[]>();

/**
 * `server.listen(...)` for a server owned by a module version. On a fixed port that an earlier
 * version of the same module holds, the new server takes over the old one's listening socket
 * (no EADDRINUSE, no moment without a listener): at once when the old version was already
 * released, else when it is. Connections the old server accepted finish on the old code.
 */
export function listenOwned(server: net.Server, owner: VersionResources, args: unknown[], listen: Listen): net.Server {
  const key = addressKey(args);
  const holder = key === null ? undefined : holders.get(key);
  if (holder !== undefined && holder.owner.module === owner.module && holder.owner !== owner && holder.server !== server) {
    const callback = args.findLast((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback !== undefined) server.once('listening', callback);
    if (holder.parked !== undefined || holder.owner.released || holder.owner.disposing()) handOver(holder, server, owner, listen);
    else {
      holder.waiter = { server, owner };
      owner.add('server', serverName(server, key), () => {
        if (holder.waiter?.server === server) delete holder.waiter;
        return null;
      });
    }
    return server;
  }
  const result = listen.apply(server, args);
  track(server, owner, key);
  return result;
}

/** The close of a server whose version is being disposed keeps it listening for the successor. */
export function closeKeepsPort(server: net.Server, callback: unknown): boolean {
  const holder = holderOf(server);
  if (holder === undefined) return false;
  const keeping = holder.parked !== undefined || (holder.owner.disposing() && !holder.owner.released);
  if (keeping && typeof callback === 'function') {
    closeCallbacks.set(server, [...(closeCallbacks.get(server) ?? []), callback as () => void]);
  }
  return keeping;
}

/** Closes every server still kept for a successor (the runtime is closing). */
export function closeParkedServers(): void {
  for (const holder of holders.values()) {
    if (holder.parked === undefined) continue;
    clearTimeout(holder.parked);
    holders.delete(holder.key);
    closeWhenIdle(holder.server);
  }
}

function track(server: net.Server, owner: VersionResources, key: string | null): void {
  const name = serverName(server, key);
  const forget = owner.add('server', name, () => releaseServer(server, key));
  server.once('close', () => {
    forget();
    if (key !== null && holders.get(key)?.server === server) holders.delete(key);
  });
  if (key === null) return;
  server.once('listening', () => {
    if (!holders.has(key)) holders.set(key, { key, server, owner });
  });
}

/** On release: hand the port to a waiting successor, or keep it a moment for one; else close. */
function releaseServer(server: net.Server, key: string | null): null {
  const holder = key === null ? undefined : holders.get(key);
  if (holder?.server !== server) {
    closeWhenIdle(server);
    return null;
  }
  if (holder.waiter !== undefined) {
    handOver(holder, holder.waiter.server, holder.waiter.owner, null);
    return null;
  }
  holder.parked = setTimeout(() => {
    if (holders.get(holder.key) !== holder) return;
    holders.delete(holder.key);
    closeWhenIdle(server);
  }, PARK_MS);
  holder.parked.unref();
  return null;
}

let originalListen: Listen | null = null;

export function rememberOriginalListen(listen: Listen): void {
  originalListen = listen;
}

function handOver(holder: Holder, next: net.Server, owner: VersionResources, listen: Listen | null): void {
  const old = holder.server;
  if (holder.parked !== undefined) clearTimeout(holder.parked);
  holders.delete(holder.key);
  const internals = old as unknown as { _handle: ListeningHandle | null };
  const handle = internals._handle;
  const bind = listen ?? originalListen;
  if (bind === null) throw new Error('server handover before the hooks were installed');
  if (handle === null) {
    // The old server is gone already: listen the ordinary way.
    const [host, port] = splitKey(holder.key);
    bind.call(next, port, ...(host === '' ? [] : [host]));
  } else {
    internals._handle = null;
    bind.call(next, handle);
    // Connections accepted from now on belong to the new version (its store, its errors). The
    // listen just set Node's own accept on the handle, so this wraps it once.
    const accept = handle.onconnection;
    handle.onconnection = (...args: unknown[]) => runInOwnerContext(owner, () => accept.apply(handle, args));
    retire(old, next, owner);
  }
  track(next, owner, holder.key);
  holders.set(holder.key, { key: holder.key, server: next, owner });
}

/**
 * The old server no longer accepts; requests that still arrive on its open keep-alive
 * connections go to the new server's code, with `Connection: close`, so those connections end.
 * They run as the new version's work (a connection is the version's that accepted it). It
 * closes once its last connection has.
 */
function retire(old: net.Server, next: net.Server, owner: VersionResources): void {
  if (old instanceof http.Server) {
    old.removeAllListeners('request');
    old.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      response.shouldKeepAlive = false;
      runInOwnerContext(owner, () => next.emit('request', request, response));
    });
    old.removeAllListeners('upgrade');
    old.on('upgrade', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (!runInOwnerContext(owner, () => next.emit('upgrade', request, socket, head))) socket.destroy();
    });
    // Idle keep-alive connections end at the server's keepAliveTimeout; cutting them now could
    // reset a request a client is sending on one at this moment.
    old.closeIdleConnections = () => undefined;
  }
  closeWhenIdle(old);
}

/** Stops accepting; open connections finish first (Node closes the server after the last one). */
function closeWhenIdle(server: net.Server): void {
  const callbacks = closeCallbacks.get(server) ?? [];
  closeCallbacks.delete(server);
  if (callbacks.length > 0) server.once('close', () => callbacks.forEach((callback) => callback()));
  server.close();
}

function holderOf(server: net.Server): Holder | undefined {
  for (const holder of holders.values()) if (holder.server === server) return holder;
  return undefined;
}

/** `host:port` of a listen on a fixed port; null for port 0, pipes and handles (nothing to keep). */
function addressKey(args: unknown[]): string | null {
  const [first, second] = args;
  let port: unknown;
  let host: unknown;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    port = Number(first);
    host = typeof second === 'string' ? second : undefined;
  } else if (typeof first === 'object' && first !== null && !('_handle' in first) && 'port' in first) {
    port = Number((first as { port: unknown }).port);
    host = (first as { host?: unknown }).host;
  } else {
    return null;
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0) return null;
  return `${typeof host === 'string' ? host : ''}|${port}`;
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('|');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

function serverName(server: net.Server, key: string | null): string {
  const kind = server instanceof http.Server ? 'http server' : 'server';
  if (key === null) return kind;
  const [host, port] = splitKey(key);
  return `${kind} ${host}:${port}`;
}
