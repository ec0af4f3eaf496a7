import { describeLateCallsState, type LateCallsState } from '../../../../shared/late-calls';
import type { ModuleId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import { useNow } from '../common/Time';

/**
 * Calls still running on a version a reload replaced, live: their names and ages and when they
 * are given up; then that they settled, or were given up (CALL_ABANDONED), until dismissed.
 */
export function LateCallsNotice({ module }: { module: ModuleId }) {
  const all = useAppStore((state) => state.lateCalls);
  const states = Object.values(all).filter((calls) => calls.module === module);
  const forget = useAppStore((state) => state.forgetEndedLateCalls);
  if (states.length === 0) return null;
  const ended = states.some((state) => state.phase !== 'running');
  return (
    <div className="module-live" data-testid="late-calls">
      {states.map((state) => (
        <LateCallsLine key={state.id} state={state} />
      ))}
      {ended && (
        <span className="module-live__actions">
          <button type="button" className="button button--small" onClick={() => forget(module)}>
            Dismiss
          </button>
        </span>
      )}
    </div>
  );
}

function LateCallsLine({ state }: { state: LateCallsState }) {
  const now = useNow();
  const tone = state.phase === 'abandoned' ? 'error' : state.phase === 'settled' ? 'ok' : 'warn';
  return (
    <p className={`module-live__row small late-calls late-calls--${tone}`} data-testid="late-calls-line" data-phase={state.phase}>
      {/* The ages tick every second: read out when the state changes, not at each tick. */}
      <span role={state.phase === 'running' ? 'timer' : 'status'} aria-live={state.phase === 'running' ? 'off' : 'polite'}>
        {describeLateCallsState(state, now)}
      </span>
    </p>
  );
}
