import vm from 'node:vm';
import { AppError } from '../../shared/errors';

const SLOT = Symbol.for('saraphina.trampoline');
interface Slot {
  fn: (...args: unknown[]) => unknown;
  self: unknown;
  args: unknown[];
}
// node:vm can only interrupt code while a vm script runs, so calls go through this tiny script.
const trampoline = new vm.Script(
  `(() => { const s = globalThis[Symbol.for('saraphina.trampoline')]; return s.fn.apply(s.self, s.args); })()`,
  { filename: 'saraphina:trampoline' },
);

/** The limit of the batch running now (runInBatches): calls with as long a limit are covered by it. */
let batchLimitMs: number | null = null;

/**
 * Calls `fn` and interrupts it if its synchronous part runs longer than `timeoutMs`
 * (an endless loop at load or in a call). Asynchronous work is not covered. Inside a batch
 * (runInBatches) whose limit is at least as long, the batch's watchdog covers the call.
 */
export function runWithTimeout<T>(fn: (...args: never[]) => T, self: unknown, args: unknown[], timeoutMs: number): T {
  if (batchLimitMs !== null && timeoutMs >= batchLimitMs) return (fn as (...args: unknown[]) => T).apply(self, args);
  return underWatchdog(fn as Slot['fn'], self, args, timeoutMs) as T;
}

/**
 * Most of a short call under node:vm's time limit is the watchdog: a thread started and joined
 * per call (about 0.05 ms on an idle machine, 0.5 ms on a busy one), which is most of opening a
 * 1,000-module workspace. So `step` is called until it returns false under one watchdog per
 * batch: a step starts only within BATCH_START_MS of its batch's start, and the watchdog fires
 * `limitMs` after that, so every step has its full limit and an endless loop is stopped at most
 * BATCH_START_MS later. Code the watchdog stops runs no `finally`: `guard` puts back what it
 * left behind, `onInterrupted` cleans up after the stopped step, and the next batch goes on.
 */
export function runInBatches(
  limitMs: number,
  step: () => boolean,
  onInterrupted: (error: AppError) => void,
  /** Wraps each batch; its `finally` puts back state that code stopped mid-way left behind. */
  guard: (run: () => void) => void = (run) => run(),
): void {
  const window = Math.min(BATCH_START_MS, limitMs);
  const outer = batchLimitMs;
  let more = true;
  try {
    while (more) {
      const started = performance.now();
      batchLimitMs = limitMs;
      try {
        const batch = (): void => {
          do more = step();
          while (more && performance.now() - started < window);
        };
        guard(() => underWatchdog(batch, undefined, [], limitMs + window));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'EVAL_TIMEOUT')) throw error;
        onInterrupted(timeoutError(limitMs));
      }
    }
  } finally {
    batchLimitMs = outer;
  }
}

const BATCH_START_MS = 50;

function underWatchdog(fn: Slot['fn'], self: unknown, args: unknown[], timeoutMs: number): unknown {
  const holder = globalThis as unknown as Record<symbol, Slot | undefined>;
  const outer = holder[SLOT];
  const outerBatch = batchLimitMs;
  holder[SLOT] = { fn, self, args };
  try {
    return trampoline.runInThisContext({ timeout: timeoutMs, breakOnSigint: false });
  } catch (error) {
    if (isTimeout(error)) throw timeoutError(timeoutMs);
    throw error;
  } finally {
    holder[SLOT] = outer;
    batchLimitMs = outerBatch;
  }
}

function timeoutError(timeoutMs: number): AppError {
  return new AppError('EVAL_TIMEOUT', `Still running after ${timeoutMs} ms; stopped (an endless loop?).`, {
    hint: 'Make top-level code and calls finish quickly; move long work into async functions.',
  });
}

function isTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}
