import { isClass } from './is-class';
import { callAtLoad, type ModuleVersion, type RunningCall } from './module-version';

export interface CallObserver {
  /** An exported function threw or its promise rejected (probation watches this). */
  onCallError(version: ModuleVersion, error: unknown): void;
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * A stable namespace whose properties always resolve to the current version's exports, so
 * every holder (other modules, the session, IPC handlers) calls the new code after a swap.
 * An exported function comes back as one stable function per name that calls whatever version
 * is current at call time — so a reference kept at load (`router.get('/p', handler)`) follows
 * reloads too — and counts the call while it runs. Classes come back as they are (wrapping
 * would break `new` and `instanceof`).
 */
export function createLiveNamespace(
  current: () => ModuleVersion | undefined,
  observer: CallObserver,
): Record<PropertyKey, unknown> {
  const liveFunctions = new Map<PropertyKey, AnyFunction>();

  const resolve = (property: PropertyKey): unknown => {
    const version = current();
    if (version === undefined) return undefined;
    const value = version.exports[property];
    if (typeof value !== 'function' || isClass(value)) return value;
    let live = liveFunctions.get(property);
    if (live === undefined) {
      live = liveFunction(property, value as AnyFunction, current, observer);
      liveFunctions.set(property, live);
    }
    return live;
  };

  // A binding still in its temporal dead zone (a module in an import cycle, mid-evaluation).
  const resolveOrUndefined = (property: PropertyKey): unknown => {
    try {
      return resolve(property);
    } catch {
      return undefined;
    }
  };

  return new Proxy({} as Record<PropertyKey, unknown>, {
    get: (_target, property) => (property === Symbol.toStringTag ? 'Module' : resolve(property)),
    has: (_target, property) => {
      const exports = current()?.exports;
      return exports !== undefined && property in exports;
    },
    ownKeys: () => {
      const exports = current()?.exports;
      return exports === undefined ? [] : Reflect.ownKeys(exports);
    },
    getOwnPropertyDescriptor: (_target, property) => {
      const exports = current()?.exports;
      if (exports === undefined || !Object.hasOwn(exports, property)) return undefined;
      const enumerable = Object.getOwnPropertyDescriptor(exports, property)?.enumerable ?? true;
      return { value: resolveOrUndefined(property), writable: false, enumerable, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/**
 * The function a namespace hands out for export `property`: a proxy whose call runs the current
 * version's function, and whose properties (a handler's `.description`) are that function's.
 */
function liveFunction(
  property: PropertyKey,
  first: AnyFunction,
  current: () => ModuleVersion | undefined,
  observer: CallObserver,
): AnyFunction {
  const name = typeof property === 'string' ? property : String(property);
  const target = (): AnyFunction => {
    const version = current();
    const fn = version?.exports[property];
    if (version === undefined || typeof fn !== 'function') throw new TypeError(`${name} is no longer an exported function`);
    return fn as AnyFunction;
  };
  // The proxy's own target only lends its shape; every trap reads the current function.
  const shape = Object.defineProperty(function () {}, 'name', { value: first.name });
  const live: AnyFunction = new Proxy(shape, {
    apply: (_shape, self, args: unknown[]) => {
      const version = current() as ModuleVersion;
      return invoke(version, target(), self, args, name, observer, callAtLoad(version, name));
    },
    construct: (_shape, args: unknown[], newTarget) => {
      const fn = target();
      return Reflect.construct(fn, args, newTarget === live ? fn : newTarget) as object;
    },
    get: (_shape, key) => {
      if (key === 'prototype') return (target() as { prototype?: unknown }).prototype;
      return Reflect.get(target(), key) as unknown;
    },
    has: (_shape, key) => key in target(),
  }) as AnyFunction;
  return live;
}

/** One call, counted on its version while it runs; a promise is given up if the version abandons it. `atLoad` is told its result. */
function invoke(
  version: ModuleVersion,
  fn: AnyFunction,
  self: unknown,
  args: unknown[],
  name: string,
  observer: CallObserver,
  atLoad: ((result: unknown, failed?: boolean) => void) | null,
): unknown {
  const call: RunningCall = { name, startedAt: Date.now() };
  version.running.add(call);
  let result: unknown;
  try {
    result = Reflect.apply(fn, self, args);
  } catch (error) {
    version.endCall(call);
    atLoad?.(undefined, true);
    observer.onCallError(version, error);
    throw error;
  }
  if (!isThenable(result)) {
    version.endCall(call);
    atLoad?.(result);
    return result;
  }
  const pending = result;
  return new Promise((resolve, reject) => {
    const stop = version.onAbandon(reject);
    pending.then(
      (value) => {
        version.endCall(call);
        stop();
        atLoad?.(value);
        resolve(value);
      },
      (error: unknown) => {
        version.endCall(call);
        stop();
        atLoad?.(undefined, true);
        observer.onCallError(version, error);
        reject(error as Error);
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
