import { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { currentOwner, loadingOwner } from './owner-context';
import type { VersionResources } from './version-resources';
import { closeKeepsPort, listenOwned, rememberOriginalListen } from './server-handover';

type AnyFunction = (...args: never[]) => unknown;
type Listener = (...args: unknown[]) => void;

let installed = false;

/**
 * Patches, once per process, the few prototype methods through which any code — the module's
 * own or a package it calls (express's `app.listen`, ws, a chat client) — starts a server, a
 * connection or a child process, or subscribes to an emitter. Each patch asks which version is
 * running (owner-context) and does nothing more when none is: the app's own code is untouched.
 */
export function installResourceHooks(): void {
  if (installed) return;
  installed = true;
  hookServers();
  hookSockets();
  hookChildProcesses();
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

/** Listeners added by top-level code to emitters that outlive the version (process: owned-process). */
function hookEmitterListeners(): void {
  const prototype = EventEmitter.prototype as unknown as Record<string, AnyFunction>;
  for (const method of ['on', 'addListener', 'prependListener']) {
    const add = prototype[method] as (this: EventEmitter, event: string | symbol, listener: Listener) => EventEmitter;
    prototype[method] = function listenerHooked(this: EventEmitter, event: string | symbol, listener: Listener): EventEmitter {
      const result = add.call(this, event, listener);
      const owner = loadingOwner();
      if (owner !== null && this !== process && addedByModuleCode(listenerHooked)) {
        owner.add('listener', `${this.constructor.name}.${method}('${String(event)}')`, () => {
          this.removeListener(event, listener);
          return null;
        });
      }
      return result;
    } as AnyFunction;
  }
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

/**
 * Whether the nearest caller outside Node's own code is not a package: a package that sets
 * itself up lazily on first use (a shared emitter's listener, an exit hook) keeps that for
 * every version, so it is not the version's to remove. Asked only while top-level code runs.
 */
function addedByModuleCode(hook: AnyFunction): boolean {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  Error.captureStackTrace(holder, hook);
  Error.stackTraceLimit = limit;
  for (const frame of (holder.stack ?? '').split('\n').slice(1)) {
    if (/[( ]node:/.test(frame)) continue;
    return !frame.includes(`${path.sep}node_modules${path.sep}`);
  }
  return true;
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
