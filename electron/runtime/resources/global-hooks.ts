import { ChildProcess } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import net from 'node:net';
import type { Worker } from 'node:worker_threads';
import { hookEmitterListeners } from './emitter-listeners';
import { addedByModuleCode, nearestCaller } from './module-code-frame';
import { creatingOwner, currentOwner, loadingOwner } from './owner-context';
import type { VersionResources } from './version-resources';
import { closeKeepsPort, listenOwned, rememberOriginalListen } from './server-handover';

type AnyFunction = (...args: never[]) => unknown;

let installed = false;

/**
 * Patches, once per process, the few prototype methods through which any code — the module's
 * own or a package it calls (express's `app.listen`, ws, a chat client, a logger's transport) —
 * starts a server, a connection, a child process or a worker thread, or subscribes to an
 * emitter. Each patch asks which version is running (owner-context) and does nothing more when
 * none is: the app's own code is untouched.
 */
export function installResourceHooks(): void {
  if (installed) return;
  installed = true;
  hookServers();
  hookSockets();
  hookChildProcesses();
  hookWorkerThreads();
  hookEmitterListeners();
  hookEventTargetListeners();
}

function hookServers(): void {
  const listen = net.Server.prototype.listen as (this: net.Server, ...args: unknown[]) => net.Server;
  rememberOriginalListen(listen);
  net.Server.prototype.listen = function listenHooked(this: net.Server, ...args: unknown[]): net.Server {
    const owner = currentOwner();
    if (owner === undefined) return listen.apply(this, args);
    return listenOwned(this, owner, args, listen);
  } as typeof net.Server.prototype.listen;
  for (const prototype of [net.Server.prototype, http.Server.prototype]) {
    const close = Object.getOwnPropertyDescriptor(prototype, 'close')?.value as AnyFunction | undefined;
    if (close === undefined) continue;
    Object.defineProperty(prototype, 'close', {
      configurable: true,
      writable: true,
      value: function closeHooked(this: net.Server, callback?: unknown): net.Server {
        if (closeKeepsPort(this, callback)) return this;
        return Reflect.apply(close, this, [callback]) as net.Server;
      },
    });
  }
}

function hookSockets(): void {
  const connect = net.Socket.prototype.connect as (this: net.Socket, ...args: unknown[]) => net.Socket;
  net.Socket.prototype.connect = function connectHooked(this: net.Socket, ...args: unknown[]): net.Socket {
    const owner = currentOwner();
    const socket = connect.apply(this, args);
    if (owner === undefined) return socket;
    const forget = owner.add('socket', `connection to ${describeTarget(args)}`, () => {
      if (socket.destroyed) return null;
      // A request in progress on it is old work still finishing: it is left to end.
      const message = (socket as unknown as { _httpMessage?: unknown })._httpMessage;
      if (message !== undefined && message !== null) return 'an HTTP request on it is still in progress';
      socket.end();
      return null;
    });
    socket.once('close', forget);
    return socket;
  } as typeof net.Socket.prototype.connect;
}

function hookChildProcesses(): void {
  // Every spawn, exec, execFile and fork goes through ChildProcess.prototype.spawn (not typed).
  const prototype = ChildProcess.prototype as unknown as { spawn: (this: ChildProcess, ...args: unknown[]) => unknown };
  const spawn = prototype.spawn;
  prototype.spawn = function spawnHooked(this: ChildProcess, ...args: unknown[]): unknown {
    const result = spawn.apply(this, args);
    const owner = currentOwner();
    if (owner === undefined || this.pid === undefined) return result;
    trackChild(owner, this);
    return result;
  };
}

/** A child still running when its version is released gets SIGTERM. */
function trackChild(owner: VersionResources, child: ChildProcess): void {
  const forget = owner.add('child process', `child process ${child.pid} (${child.spawnfile})`, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    return null;
  });
  child.once('exit', forget);
}

/**
 * Node announces every new worker thread, synchronously in its constructor, whoever imported
 * `Worker`; one still running when its version is released is terminated. A worker a package
 * starts at its own load time (a shared pool) belongs to no version.
 */
function hookWorkerThreads(): void {
  diagnosticsChannel.subscribe('worker_threads', function workerStarted(message: unknown): void {
    const owner = creatingOwner();
    if (owner === null) return;
    const { worker } = message as { worker: Worker };
    const caller = nearestCaller(workerStarted);
    const name = `worker thread ${worker.threadId}${caller.kind === 'package' ? ` (started by ${caller.name})` : ''}`;
    const forget = owner.add('worker', name, () => {
      void worker.terminate();
      return null;
    });
    worker.once('exit', forget);
  });
}

/** `signal.addEventListener('abort', …)` and other EventTarget subscriptions made at load. */
function hookEventTargetListeners(): void {
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function addEventListenerHooked(
    this: EventTarget,
    type: string,
    listener: Parameters<EventTarget['addEventListener']>[1],
    options?: Parameters<EventTarget['addEventListener']>[2],
  ): void {
    add.call(this, type, listener, options);
    const owner = loadingOwner();
    if (owner === null || listener === null || !addedByModuleCode(addEventListenerHooked)) return;
    const capture = typeof options === 'boolean' ? options : options?.capture === true;
    const kind = this instanceof AbortSignal ? 'abort listener' : 'listener';
    owner.add(kind, `${this.constructor.name}.addEventListener('${type}')`, () => {
      this.removeEventListener(type, listener, capture);
      return null;
    });
  };
}

function describeTarget(args: unknown[]): string {
  const [first, second] = args;
  if (Array.isArray(first)) return describeTarget(first as unknown[]);
  if (typeof first === 'object' && first !== null) {
    const { host, port, path } = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof path === 'string') return path;
    return `${typeof host === 'string' ? host : 'localhost'}:${String(port)}`;
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return first;
  return `${typeof second === 'string' ? second : 'localhost'}:${String(first)}`;
}
