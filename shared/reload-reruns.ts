import type { LateCalls, ModuleKept, ModuleRerun } from './history';
import type { ModuleId } from './ids';

/** Before a reload: for one importer, whether it will re-run and on what. */
export interface RerunForecast {
  readonly module: ModuleId;
  /** `never`: live bindings or hot.accept/decline; `if-changed`: it read values at load; `always`: it called the module at load. */
  readonly when: 'never' | 'if-changed' | 'always';
  readonly reason: string;
  readonly entry?: boolean;
}

/** "re-ran: a (its file changed), b (it read `config` …)" — one line per group, for text views. */
export function describeReruns(reran: readonly ModuleRerun[] | undefined, kept: readonly ModuleKept[] | undefined): string[] {
  const lines: string[] = [];
  for (const rerun of reran ?? []) lines.push(`re-ran ${rerun.module}${rerun.entry === true ? ' (an entry point)' : ''}: ${rerun.reason}`);
  for (const module of kept ?? []) lines.push(`kept running ${module.module}: ${module.reason}`);
  return lines;
}

export function describeForecast(forecast: readonly RerunForecast[]): string[] {
  return forecast.map((item) => `${item.module}${item.entry === true ? ' (an entry point)' : ''}: ${item.reason}`);
}

/** "2 calls still running on the old version: slow (1.2 s), slow (1.0 s); given up after 1 s". */
export function describeLateCalls(late: LateCalls | undefined): string | null {
  if (late === undefined || late.count === 0) return null;
  const calls = late.calls.map((call) => `${call.name} (${(call.ageMs / 1000).toFixed(1)} s)`).join(', ');
  return `${late.count} call${late.count === 1 ? '' : 's'} still running on the old version after the drain: ${calls}; they finish on the old code, or fail with CALL_ABANDONED after ${late.abandonAfterMs} ms`;
}
