import { AppError } from '../../shared/errors';
import type { LateCalls } from '../../shared/history';
import type { LateCallsState } from '../../shared/late-calls';
import type { ModuleVersion } from '../runtime/module-version';
import { runInOwnerContext } from '../runtime/resources/owner-context';
import type { EngineEvents } from './engine-events';

/**
 * Follows the calls still running on a replaced version after its reload's drain: they finish
 * on the old code; those still running `ms` later are given up (their callers get
 * CALL_ABANDONED, so a call that never settles never blocks anyone). Each change (started,
 * one settled, all settled, the rest given up) is an engine event, so the panel and the
 * session show it as it happens.
 */
export class LateCallWatch {
  private readonly events: EngineEvents | null;
  private readonly watching = new Map<number, LateCallsState>();
  private nextId = 1;

  constructor(events: EngineEvents | null) {
    this.events = events;
  }

  /** Late calls of replaced versions still running now. */
  running(): LateCallsState[] {
    return [...this.watching.values()];
  }

  /** Starts following `version`'s running calls; returns what the reload result reports. */
  watch(version: ModuleVersion, ms: number): LateCalls {
    const now = Date.now();
    const late = [...version.running];
    const id = this.nextId++;
    const stateOf = (phase: LateCallsState['phase']): LateCallsState => {
      const running = [...version.running].map(({ name, startedAt }) => ({ name, startedAt }));
      return { id, module: version.id, hash: version.compiled.hash, phase, running, late: late.length, settled: late.length - running.length, abandonAt: now + ms, at: Date.now() };
    };
    const publish = (state: LateCallsState): void => {
      if (state.phase === 'running') this.watching.set(id, state);
      else this.watching.delete(id);
      this.events?.emit({ type: 'lateCalls', calls: state });
    };
    const timer = setTimeout(() => {
      stopFollowing();
      if (version.inFlight === 0) return;
      const given = stateOf('abandoned');
      const names = [...new Set(given.running.map((call) => call.name))].join(', ');
      const error = new AppError('CALL_ABANDONED', `${version.id}.${names} was still running on a replaced version ${ms} ms after the drain; given up.`, {
        hint: 'The old code may still finish its work in the background; call again to use the new code.',
      });
      // As work of the replaced version: a caller that never awaited the call (`void wait()`)
      // gets an unhandled rejection, which must be that version's background error, not the app's
      // own (that would end the agent process).
      runInOwnerContext(version.resources, () => version.abandon(error));
      publish(given);
    }, ms);
    timer.unref();
    const stopFollowing = version.onCallEnded(() => {
      if (version.inFlight > 0) {
        publish(stateOf('running'));
        return;
      }
      clearTimeout(timer);
      stopFollowing();
      publish(stateOf('settled'));
    });
    publish(stateOf('running'));
    return { count: late.length, calls: late.map((call) => ({ name: call.name, ageMs: now - call.startedAt })), abandonAfterMs: ms };
  }
}
