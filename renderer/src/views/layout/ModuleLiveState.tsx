import type { FailureExplanation, ModuleOverview } from '../../../../shared/contract/panel';
import { useAppStore } from '../../store/app-store-context';
import { ErrorNotice } from '../common/ErrorNotice';
import { Time, useNow } from '../common/Time';

/**
 * What the sidebar adds under a module when something needs the person: the file changed on
 * disk and is not loaded (diff, Reload), a version on probation (countdown, mark stable now,
 * roll back now), or the cause of the last failure or automatic rollback.
 */
export function ModuleLiveState({ module, failure }: { module: ModuleOverview; failure: FailureExplanation | null }) {
  const busy = useAppStore((state) => state.live.busy[module.id]);
  const error = useAppStore((state) => (state.live.failure?.module === module.id ? state.live.failure : null));
  const reload = useAppStore((state) => state.reloadModule);
  const endProbation = useAppStore((state) => state.endProbation);
  const showDiskDiff = useShowDiskDiff(module);
  const working = busy !== undefined;
  if (!module.disk.changed && module.probationUntil === null && failure === null && error === null) return null;
  return (
    <div className="module-live" data-testid="module-live">
      {module.disk.changed && (
        <div className="module-live__row" data-testid="disk-changed">
          <span className="chip chip--warn">Changed on disk, not loaded</span>
          {module.disk.modifiedAt !== null && (
            <span className="muted small">
              saved <Time ms={module.disk.modifiedAt} />
            </span>
          )}
          <span className="module-live__actions">
            <button type="button" className="button button--small" onClick={showDiskDiff}>
              Diff
            </button>
            <button type="button" className="button button--small button--primary" disabled={working} onClick={() => void reload(module.id)}>
              {busy === 'reload' ? 'Reloading…' : 'Reload'}
            </button>
          </span>
        </div>
      )}
      {module.probationUntil !== null && (
        <div className="module-live__row" data-testid="probation">
          <ProbationCountdown until={module.probationUntil} />
          <span className="module-live__actions">
            <button type="button" className="button button--small" disabled={working} onClick={() => void endProbation(module.id, 'stable')}>
              Mark stable now
            </button>
            <button type="button" className="button button--small button--danger" disabled={working} onClick={() => void endProbation(module.id, 'roll_back')}>
              Roll back now
            </button>
          </span>
        </div>
      )}
      {failure !== null && <FailureCause failure={failure} />}
      {error !== null && <ErrorNotice error={error.error} context={`${module.id}: the ${error.action.replace('_', ' ')} failed.`} />}
    </div>
  );
}

function ProbationCountdown({ until }: { until: number }) {
  const now = useNow();
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <span className="small" role="timer" aria-live="off">
      On probation: stable in <strong>{seconds} s</strong> unless it fails
    </span>
  );
}

/** The cause of an automatic rollback or a failed reload, and what it changed on disk. */
export function FailureCause({ failure }: { failure: FailureExplanation }) {
  const showVersion = useShowVersion();
  return (
    <div className="module-live__cause" data-testid="failure-cause" data-kind={failure.kind}>
      <p className="module-live__cause-title">
        {failure.kind === 'rolled_back' ? 'Rolled back automatically' : failure.kind === 'load_failed' ? 'Load failed' : 'Reload failed, old code kept'}{' '}
        <Time ms={failure.at} className="muted small" />
      </p>
      <p className="module-live__cause-message">
        {failure.message}
        {failure.location !== null && (
          <>
            {' '}
            at <code>{failure.location}</code>
          </>
        )}
        {failure.failedAt !== null && <span className="muted"> ({failure.failedAt})</span>}
      </p>
      {failure.file !== null && failure.restoredFrom !== null && (
        <p className="small">
          <code>{failure.file}</code> was rewritten to{' '}
          <button type="button" className="link-button" onClick={() => showVersion(failure.restoredFrom)}>
            {failure.restoredFrom}
          </button>
          {failure.failedVersionId !== null && (
            <>
              ; the failed code is kept as{' '}
              <button type="button" className="link-button" onClick={() => showVersion(failure.failedVersionId)}>
                {failure.failedVersionId}
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}

function useShowVersion(): (versionId: string | null) => void {
  const selectVersion = useAppStore((state) => state.selectVersion);
  const setTab = useAppStore((state) => state.setTab);
  return (versionId) => {
    if (versionId === null) return;
    selectVersion(versionId as Parameters<typeof selectVersion>[0]);
    setTab('timeline');
  };
}

/** The running version against the file now, in the timeline. */
function useShowDiskDiff(module: ModuleOverview): () => void {
  const showVersion = useShowVersion();
  const setCompareWith = useAppStore((state) => state.setCompareWith);
  return () => {
    setCompareWith('current');
    showVersion(module.currentVersionId);
  };
}
