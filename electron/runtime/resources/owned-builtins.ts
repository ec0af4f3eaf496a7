import * as timerPromises from 'node:timers/promises';
import type { VersionResources } from './version-resources';

/** The timer functions a version's scope already has (they are released with its `hot`). */
export interface ScopeTimers {
  readonly setTimeout: (callback: () => void, ms?: number) => NodeJS.Timeout;
  readonly setInterval: (callback: () => void, ms?: number) => NodeJS.Timeout;
  readonly clearTimer: (timer: NodeJS.Timeout | undefined) => void;
}

/**
 * The node: builtins whose exports start things a version must own, as that version sees them:
 * `node:timers` gives the scope's own timers and `node:timers/promises` waits end with the
 * version. Other builtins are returned as they are (servers, sockets, child processes and
 * worker threads are owned through global-hooks, which also catches those packages start).
 */
export function ownedBuiltin(specifier: string, real: unknown, owner: VersionResources, timers: ScopeTimers): unknown {
  switch (specifier.replace(/^node:/, '')) {
    case 'timers':
      return {
        ...(real as object),
        setTimeout: timers.setTimeout,
        setInterval: timers.setInterval,
        clearTimeout: timers.clearTimer,
        clearInterval: timers.clearTimer,
      };
    case 'timers/promises':
      return ownedTimerPromises(owner);
    default:
      return real;
  }
}

interface TimerOptions {
  readonly signal?: AbortSignal;
  readonly ref?: boolean;
}

/**
 * A wait of a released version never settles: the old loop (`while (true) await setTimeout(…)`)
 * just stops, with nothing thrown into code that is gone. Its own aborts still reject.
 */
function ownedTimerPromises(owner: VersionResources): typeof timerPromises {
  const withSignal = (options: TimerOptions | undefined): TimerOptions => ({
    ...options,
    signal: options?.signal === undefined ? owner.signal : AbortSignal.any([owner.signal, options.signal]),
  });
  const stopWhenReleased = <T>(wait: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      wait.then(resolve, (error: unknown) => {
        if (!owner.signal.aborted) reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  const setTimeout = <T = void>(ms?: number, value?: T, options?: TimerOptions): Promise<T> =>
    stopWhenReleased(timerPromises.setTimeout(ms, value, withSignal(options)));
  const setImmediate = <T = void>(value?: T, options?: TimerOptions): Promise<T> =>
    stopWhenReleased(timerPromises.setImmediate(value, withSignal(options)));
  const setInterval = <T = void>(ms?: number, value?: T, options?: TimerOptions): AsyncIterableIterator<T> => {
    const ticks = timerPromises.setInterval(ms, value, withSignal(options));
    const iterator: AsyncIterableIterator<T> = {
      next: () => stopWhenReleased(ticks.next()),
      return: () => ticks.return?.() ?? Promise.resolve({ done: true, value: undefined }),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };
  const scheduler = {
    wait: (ms: number, options?: TimerOptions) => setTimeout(ms, undefined, options),
    yield: () => setImmediate(),
  };
  return { ...timerPromises, setTimeout, setImmediate, setInterval, scheduler } as typeof timerPromises;
}
