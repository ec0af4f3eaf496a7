import type { ModuleId, Sha256 } from './ids';

/** A call still running on a replaced version after its reload's drain timed out. */
export interface LateCall {
  readonly name: string;
  readonly startedAt: number;
}

/**
 * The late calls of one replaced version, as they stand: still running (they finish on the
 * old code), all settled, or the rest given up (their callers got CALL_ABANDONED). Pushed at
 * each change, so a view can show them live.
 */
export interface LateCallsState {
  /** One per replaced version with late calls (a module reloaded twice meanwhile has two). */
  readonly id: number;
  readonly module: ModuleId;
  /** The source hash of the replaced version the calls run on. */
  readonly hash: Sha256;
  readonly phase: 'running' | 'settled' | 'abandoned';
  /** Running now; once abandoned, those that were given up. */
  readonly running: readonly LateCall[];
  /** How many were late when the drain ended, and how many of them have finished since. */
  readonly late: number;
  readonly settled: number;
  /** When those still running are given up. */
  readonly abandonAt: number;
  readonly at: number;
}

/**
 * One line: "2 calls still running on the replaced version: slowTask (12 s), fetch (3 s) —
 * given up in 8 s", "2 late calls on the replaced version settled", "1 late call given up on
 * the replaced version: slowTask (its caller got CALL_ABANDONED); 1 had finished".
 */
export function describeLateCallsState(state: LateCallsState, now: number): string {
  const seconds = (ms: number): string => `${Math.max(0, Math.round(ms / 1000))} s`;
  const calls = (count: number): string => `${count} ${count === 1 ? 'call' : 'calls'}`;
  const names = state.running.map((call) => (state.phase === 'running' ? `${call.name} (${seconds(now - call.startedAt)})` : call.name)).join(', ');
  const finished = state.settled === 0 ? '' : `; ${state.settled} of ${state.late} finished`;
  switch (state.phase) {
    case 'running':
      return `${calls(state.running.length)} still running on the replaced version: ${names} — given up in ${seconds(state.abandonAt - now)}${finished}`;
    case 'settled':
      return `${state.late} late ${state.late === 1 ? 'call' : 'calls'} on the replaced version settled`;
    case 'abandoned':
      return `${state.running.length} late ${state.running.length === 1 ? 'call' : 'calls'} given up on the replaced version: ${names} (${state.running.length === 1 ? 'its caller' : 'their callers'} got CALL_ABANDONED)${state.settled === 0 ? '' : `; ${state.settled} had finished`}`;
    default:
      throw new Error(`Unknown late-calls phase: ${String((state as { phase: unknown }).phase)}`);
  }
}
