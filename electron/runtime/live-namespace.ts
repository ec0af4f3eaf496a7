import type { ModuleVersion } from './module-version';

export interface CallObserver {
  /** An exported function threw or its promise rejected (probation watches this). */
  onCallError(version: ModuleVersion, error: unknown): void;
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * A stable namespace whose properties always resolve to the current version's exports, so
 * every holder (other modules, the session, IPC handlers) calls the new code after a swap.
 * Exported functions come back wrapped to count in-flight calls; classes come back as they are
 * (wrapping would break `new` and `instanceof`).
 */
export function createLiveNamespace(
  current: () => ModuleVersion | undefined,
  observer: CallObserver,
): Record<PropertyKey, unknown> {
  const wrappers = new WeakMap<AnyFunction, AnyFunction>();

  const resolve = (property: PropertyKey): unknown => {
    const version = current();
    if (version === undefined) return undefined;
    const value = version.exports[property];
    if (typeof value !== 'function' || isClass(value)) return value;
    let wrapper = wrappers.get(value as AnyFunction);
    if (wrapper === undefined) {
      wrapper = trackCalls(value as AnyFunction, version, observer);
      wrappers.set(value as AnyFunction, wrapper);
    }
    return wrapper;
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

function trackCalls(fn: AnyFunction, version: ModuleVersion, observer: CallObserver): AnyFunction {
  const settle = (): void => {
    version.inFlight -= 1;
  };
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    version.inFlight += 1;
    let result: unknown;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      settle();
      observer.onCallError(version, error);
      throw error;
    }
    if (isThenable(result)) {
      return result.then(
        (value) => {
          settle();
          return value;
        },
        (error: unknown) => {
          settle();
          observer.onCallError(version, error);
          throw error;
        },
      );
    }
    settle();
    return result;
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name });
  Object.defineProperty(wrapper, 'length', { value: fn.length });
  return wrapper;
}

const classCache = new WeakMap<object, boolean>();

export function isClass(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  let cached = classCache.get(value);
  if (cached === undefined) {
    cached = /^class[\s{]/.test(Function.prototype.toString.call(value));
    classCache.set(value, cached);
  }
  return cached;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
