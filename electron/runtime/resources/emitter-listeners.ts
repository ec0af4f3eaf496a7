import { EventEmitter } from 'node:events';
import { Server } from 'node:net';
import { addedByModuleCode } from './module-code-frame';
import { creatingOwner, loadingOwner } from './owner-context';
import type { VersionResources } from './version-resources';

type AnyFunction = (...args: never[]) => unknown;
type Listener = ((...args: unknown[]) => void) & { listener?: Listener };
type EventName = string | symbol;

/** The serial of the version whose code created an emitter (absent: the app, or a package). */
const createdBy = Symbol('saraphina.createdBy');
type Tagged = EventEmitter & { [createdBy]?: number };

/** Tracked listeners by emitter, event and listener: how to forget one the code removed itself. */
const tracked = new WeakMap<EventEmitter, Map<EventName, Map<Listener, (() => void)[]>>>();

/**
 * Listeners module code adds to emitters that outlive its version are the version's to remove:
 * those added while its top-level code runs (`bus.on('msg', fn)`), and those its later work adds
 * to an emitter it did not create (`await client.login(); client.on('message', fn)`). Listeners
 * on the version's own emitters (a request, a socket) end with them, so they are not counted: a
 * server adding them on every request must not grow the version's list. `process` is owned
 * through the version's own `process` view (owned-process).
 */
export function hookEmitterListeners(): void {
  tagEmitterCreators();
  const prototype = EventEmitter.prototype as unknown as Record<string, AnyFunction>;
  for (const method of ['on', 'addListener', 'prependListener']) {
    const add = prototype[method] as (this: EventEmitter, event: EventName, listener: Listener) => EventEmitter;
    prototype[method] = function listenerHooked(this: EventEmitter, event: EventName, listener: Listener): EventEmitter {
      const result = add.call(this, event, listener);
      const owner = ownerOfListener(this);
      if (owner !== null && addedByModuleCode(listenerHooked)) track(owner, this, method, event, listener);
      return result;
    } as AnyFunction;
  }
  for (const method of ['removeListener', 'off']) {
    const remove = prototype[method] as (this: EventEmitter, event: EventName, listener: Listener) => EventEmitter;
    prototype[method] = function removeListenerHooked(this: EventEmitter, event: EventName, listener: Listener): EventEmitter {
      const result = remove.call(this, event, listener);
      tracked.get(this)?.get(event)?.get(listener.listener ?? listener)?.shift()?.();
      return result;
    } as AnyFunction;
  }
}

/** `EventEmitter` and every subclass (streams, sockets, clients) construct through `init`. */
function tagEmitterCreators(): void {
  const holder = EventEmitter as unknown as { init: (this: Tagged, ...args: unknown[]) => unknown };
  const init = holder.init;
  holder.init = function initTagged(this: Tagged, ...args: unknown[]): unknown {
    const result = init.apply(this, args);
    const owner = creatingOwner();
    if (owner !== null) this[createdBy] = owner.serial;
    return result;
  };
}

/** Which version a listener added to `emitter` now belongs to, if any. */
function ownerOfListener(emitter: Tagged): VersionResources | null {
  if (emitter === (process as unknown)) return null;
  const loading = loadingOwner();
  // A server the version made is closed or handed over at its release (server-handover), not
  // stripped of its listeners: its 'request' listener answers what still arrives on its
  // connections until the next version takes the port over (else such a request hung forever).
  if (loading !== null) return emitter[createdBy] === loading.serial && emitter instanceof Server ? null : loading;
  const owner = creatingOwner();
  if (owner === null || emitter[createdBy] === owner.serial) return null;
  return owner;
}

function track(owner: VersionResources, emitter: EventEmitter, method: string, event: EventName, listener: Listener): void {
  const key = listener.listener ?? listener;
  const byEvent = tracked.get(emitter) ?? new Map<EventName, Map<Listener, (() => void)[]>>();
  tracked.set(emitter, byEvent);
  const byListener = byEvent.get(event) ?? new Map<Listener, (() => void)[]>();
  byEvent.set(event, byListener);
  // The emitter is held weakly: a tracked listener must not keep a finished client alive.
  const target = new WeakRef(emitter);
  const forgetters = byListener.get(key) ?? [];
  byListener.set(key, forgetters);
  const forgetEntry = owner.add('listener', `${emitter.constructor.name}.${method}('${String(event)}')`, () => {
    target.deref()?.removeListener(event, listener);
    return null;
  });
  const forget = (): void => {
    forgetEntry();
    const index = forgetters.indexOf(forget);
    if (index >= 0) forgetters.splice(index, 1);
    if (forgetters.length === 0) byListener.delete(key);
    if (byListener.size === 0) byEvent.delete(event);
  };
  forgetters.push(forget);
}
