/**
 * The `hot` object each module sees in its scope, modelled on the HMR APIs people know
 * (webpack's module.hot, Vite's import.meta.hot):
 *   hot.data          state handed over from the previous version (carried forward, and filled
 *                     by its dispose callbacks)
 *   hot.dispose(cb)   cleanup before this version is replaced; cb fills `data` for the next one
 *   hot.accept()      a boundary: a dependency's reload never re-runs this module
 *   hot.accept(cb)    after this module is replaced, cb(newNamespace) runs on the old version
 *   hot.accept(deps, cb)  when one of `deps` reloads, cb(namespace) runs instead of a re-run
 *   hot.invalidate()  this version cannot take the change: its importers re-run
 *   hot.decline()     this module refuses live replacement
 * Timers and listeners registered through it are released on dispose, so an old version keeps
 * nothing alive once it is replaced.
 */
export type HotData = Record<string, unknown>;

interface Listenable {
  on?(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener: (...args: never[]) => void): unknown;
  addEventListener?(event: string, listener: (...args: never[]) => void): unknown;
  removeEventListener?(event: string, listener: (...args: never[]) => void): unknown;
}

type AcceptCallback = (updated: unknown) => void;

/** `hot.accept(deps, cb)`: specifiers as written, resolved by the runtime after evaluation. */
export interface DependencyAccept {
  readonly specifiers: readonly string[];
  readonly callback: AcceptCallback | undefined;
}

export class HotContext {
  readonly data: HotData;
  private readonly disposeCallbacks: ((data: HotData) => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly releases: (() => void)[] = [];
  private declinedFlag = false;
  private disposedFlag = false;
  /** `hot.accept()` or `hot.accept(cb)` was called. */
  selfAccepted = false;
  readonly selfAcceptCallbacks: AcceptCallback[] = [];
  readonly dependencyAccepts: DependencyAccept[] = [];
  /** Why this version called `hot.invalidate()`; null when it did not. */
  invalidated: string | null = null;

  constructor(data: HotData) {
    this.data = data;
  }

  get declined(): boolean {
    return this.declinedFlag;
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  dispose(callback: (data: HotData) => void): void {
    this.disposeCallbacks.push(callback);
  }

  decline(): void {
    this.declinedFlag = true;
  }

  accept(deps?: string | readonly string[] | AcceptCallback, callback?: AcceptCallback): void {
    if (deps === undefined || typeof deps === 'function') {
      this.selfAccepted = true;
      if (typeof deps === 'function') this.selfAcceptCallbacks.push(deps);
      return;
    }
    const specifiers = typeof deps === 'string' ? [deps] : [...deps];
    if (specifiers.some((specifier) => typeof specifier !== 'string')) throw new TypeError('hot.accept(deps, cb) needs module specifiers');
    this.dependencyAccepts.push({ specifiers, callback });
  }

  invalidate(message?: string): void {
    this.invalidated = message ?? 'hot.invalidate()';
  }

  setTimeout(callback: () => void, ms?: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  setInterval(callback: () => void, ms?: number): NodeJS.Timeout {
    const timer = setInterval(callback, ms);
    this.timers.add(timer);
    return timer;
  }

  clearTimer(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /** Adds a listener to an EventEmitter or EventTarget and removes it on dispose. */
  on(target: Listenable, event: string, listener: (...args: never[]) => void): void {
    if (typeof target.on === 'function') {
      target.on(event, listener);
      this.releases.push(() => target.off?.(event, listener));
    } else if (typeof target.addEventListener === 'function') {
      target.addEventListener(event, listener);
      this.releases.push(() => target.removeEventListener?.(event, listener));
    } else {
      throw new TypeError('hot.on needs an EventEmitter or an EventTarget');
    }
  }

  /**
   * Runs dispose callbacks (each may fill `next`), then releases timers and listeners.
   * Returns the errors callbacks threw: a faulty cleanup must not block the swap.
   */
  runDispose(next: HotData): unknown[] {
    if (this.disposedFlag) return [];
    this.disposedFlag = true;
    // Carried forward: a version without dispose callbacks does not drop what it was handed.
    for (const [key, value] of Object.entries(this.data)) if (!(key in next)) next[key] = value;
    const errors: unknown[] = [];
    for (const callback of this.disposeCallbacks) {
      try {
        callback(next);
      } catch (error) {
        errors.push(error);
      }
    }
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const release of this.releases.splice(0)) {
      try {
        release();
      } catch (error) {
        errors.push(error);
      }
    }
    this.disposeCallbacks.length = 0;
    return errors;
  }
}
