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

/**
 * Calls `fn` and interrupts it if its synchronous part runs longer than `timeoutMs`
 * (an endless loop at load or in a call). Asynchronous work is not covered.
 */
export function runWithTimeout<T>(fn: (...args: never[]) => T, self: unknown, args: unknown[], timeoutMs: number): T {
  const holder = globalThis as unknown as Record<symbol, Slot | undefined>;
  const outer = holder[SLOT];
  holder[SLOT] = { fn: fn as Slot['fn'], self, args };
  try {
    return trampoline.runInThisContext({ timeout: timeoutMs, breakOnSigint: false }) as T;
  } catch (error) {
    if (isTimeout(error)) {
      throw new AppError('EVAL_TIMEOUT', `Still running after ${timeoutMs} ms; stopped (an endless loop?).`, {
        hint: 'Make top-level code and calls finish quickly; move long work into async functions.',
      });
    }
    throw error;
  } finally {
    holder[SLOT] = outer;
  }
}

function isTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}
