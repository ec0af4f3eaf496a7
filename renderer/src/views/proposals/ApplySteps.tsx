import type { ApplyResult, ApplyStep, ApplyStepName } from '../../../../shared/proposals';
import type { VersionId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import { locationsIn, type CodeLocation } from './proposal-location';
import { formatDuration, formatTime } from '../common/format';
import { useNow } from '../common/Time';
import { RerunsDone } from './WhatReruns';

const PLANNED: readonly ApplyStepName[] = ['checkpoint', 'write', 'reload', 'checks', 'stable'];
const STEP_LABELS: Readonly<Record<ApplyStepName, string>> = {
  checkpoint: 'Checkpoint',
  write: 'Write',
  reload: 'Reload',
  checks: 'Checks',
  stable: 'Stable',
  rollback: 'Roll back',
};

/** checkpoint → write → reload → checks → stable, with timings; pending while the apply runs. */
export function ApplySteps({ result }: { result: ApplyResult | null }) {
  const probationUntil = useProbationUntil(result);
  const now = useNow();
  const steps: (ApplyStep | { name: ApplyStepName; pending: true })[] =
    result === null ? PLANNED.map((name) => ({ name, pending: true as const })) : [...result.steps];
  return (
    <ol className="apply-steps" aria-label="Apply steps" data-testid="apply-steps">
      {steps.map((step, index) => {
        const pending = 'pending' in step;
        // "Stable" is not claimed while the version is still on probation: the step says so, live.
        const onProbation = !pending && step.name === 'stable' && step.ok && probationUntil !== null;
        const state = pending ? (index === 0 ? 'running' : 'waiting') : onProbation ? 'probation' : step.ok ? 'ok' : 'failed';
        return (
          <li key={`${step.name}-${index}`} className={`apply-step apply-step--${state}`} data-step={step.name} data-state={state}>
            <span className="apply-step__mark" aria-hidden="true">
              {state === 'ok' ? '✓' : state === 'failed' ? '✗' : state === 'running' ? <span className="spinner" /> : state === 'probation' ? '◔' : '•'}
            </span>
            <span className="apply-step__name">{onProbation ? 'On probation' : STEP_LABELS[step.name]}</span>
            {!pending && <span className="apply-step__time">{formatDuration(step.ms)}</span>}
            {onProbation ? (
              <span className="apply-step__detail">stable in {Math.max(0, Math.ceil(((probationUntil ?? now) - now) / 1000))} s unless it fails</span>
            ) : (
              !pending && step.detail !== undefined && <span className="apply-step__detail">{step.name === 'stable' && step.ok ? 'passed its checks and probation' : step.detail}</span>
            )}
            <span className="visually-hidden">{state === 'ok' ? 'done' : state}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** What came of the apply, in plain words: what failed, where, and which version serves now. */
export function ApplyOutcome({
  result,
  onShowVersion,
  locate = () => null,
}: {
  result: ApplyResult;
  onShowVersion: (versionId: VersionId | null) => void;
  /** The proposal's own line for a location in the written file, and how to open the editor there. */
  locate?: (location: CodeLocation) => { line: number; show: (message: string) => void } | null;
}) {
  if (result.outcome === 'applied') {
    return (
      <div className="apply-outcome apply-outcome--ok" role="status" data-testid="apply-outcome" data-outcome="applied">
        <p className="apply-outcome__title">
          Applied: <code>{result.module}</code> now runs version{' '}
          <button type="button" className="link-button" onClick={() => onShowVersion(result.versionId)}>
            {result.versionId}
          </button>
          .
        </p>
        <ProbationLine result={result} />
        <RerunsDone reran={result.reran} kept={result.kept} />
      </div>
    );
  }
  const error = result.error;
  const failedStep = result.steps.find((step) => !step.ok && step.name !== 'rollback');
  const restored = error?.restoredVersionId;
  return (
    <div className="apply-outcome apply-outcome--failed" role="alert" data-testid="apply-outcome" data-outcome={result.outcome}>
      <p className="apply-outcome__title">
        {result.outcome === 'refused' ? 'Nothing was applied: ' : `The apply failed at ${STEP_LABELS[failedStep?.name ?? 'reload'].toLowerCase()}: `}
        {error?.message ?? 'no reason given'}
      </p>
      {error?.location !== undefined && <WhereItFailed location={error.location} message={error.message} locate={locate} />}
      {result.outcome === 'rolled_back' && (
        <p>
          <code>{result.module}</code> was rolled back
          {restored === undefined ? '' : (
            <>
              {' '}
              to version{' '}
              <button type="button" className="link-button" onClick={() => onShowVersion(restored)}>
                {restored}
              </button>
            </>
          )}
          : the file is as it was before, and the previous code is serving.
        </p>
      )}
      {error?.hint !== undefined && <p className="muted">{error.hint}</p>}
    </div>
  );
}

/** Until when the applied version is on probation, as the live module list says (null once it ended). */
function useProbationUntil(result: ApplyResult | null): number | null {
  return useAppStore((state) => {
    if (result === null || result.outcome !== 'applied') return null;
    const live = state.modules.list.find((module) => module.id === result.module);
    return live !== undefined && live.currentVersionId === result.versionId ? live.probationUntil : null;
  });
}

function ProbationLine({ result }: { result: ApplyResult }) {
  const until = useProbationUntil(result);
  const now = useNow();
  if (until === null) return <p>It passed its checks and is stable.</p>;
  return (
    <p>
      It is on probation for {Math.max(0, Math.ceil((until - now) / 1000))} more seconds (until {formatTime(until)}): an error before then rolls it
      back. End it early from the sidebar.
    </p>
  );
}

/** Where the apply failed: in the proposal's own lines when it is there (click to open the code), else in the file. */
function WhereItFailed({
  location,
  message,
  locate,
}: {
  location: string;
  message: string;
  locate: (location: CodeLocation) => { line: number; show: (message: string) => void } | null;
}) {
  const [parsed] = locationsIn(location);
  const own = parsed === undefined ? null : locate(parsed);
  return (
    <p data-testid="apply-location">
      Where:{' '}
      {own === null ? (
        <code>{location}</code>
      ) : (
        <>
          <button type="button" className="link-button" onClick={() => own.show(message)}>
            line {own.line} of the proposal
          </button>{' '}
          <span className="muted">
            (<code>{location}</code> in the written file)
          </span>
        </>
      )}
    </p>
  );
}
