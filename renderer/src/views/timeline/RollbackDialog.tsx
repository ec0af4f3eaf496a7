import { shortHash } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import { Dialog } from '../common/Dialog';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatTime } from '../common/format';
import { versionKind } from '../common/labels';

/** Asks before a rollback and says exactly what it will do; shows a failure in place. */
export function RollbackDialog() {
  const rollback = useAppStore((state) => state.timeline.rollback);
  const cancel = useAppStore((state) => state.cancelRollback);
  const confirm = useAppStore((state) => state.confirmRollback);
  const module = useAppStore((state) =>
    rollback.status === 'idle' ? undefined : state.modules.list.find((entry) => entry.id === rollback.target.module),
  );
  if (rollback.status === 'idle') return null;
  const { target } = rollback;
  const running = rollback.status === 'running';
  const dependents = module?.transitiveDependents ?? [];
  const unsafe = target.state === 'failed' || target.state === 'rolled_back';

  return (
    <Dialog
      title={`Roll back ${target.module} to ${target.versionId}?`}
      open
      onClose={cancel}
      busy={running}
      testId="rollback-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={cancel} disabled={running}>
            Cancel
          </button>
          <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={running}>
            {running ? 'Rolling back…' : `Roll back ${target.module}`}
          </button>
        </>
      }
    >
      <p>
        <code>modules/{target.module}.ts</code> will be overwritten with version <code>{target.versionId}</code> ({versionKind(target).label.toLowerCase()},
        hash <code>{shortHash(target.hash)}</code>, recorded {formatTime(target.createdAt)}: “{target.reason}”).
      </p>
      <ul className="consequences">
        <li>
          The module is reloaded live
          {dependents.length > 0 ? (
            <>
              , and {dependents.length === 1 ? 'the module that imports it is' : `the ${dependents.length} modules that import it are`} re-instantiated:{' '}
              {dependents.map((id, index) => (
                <span key={id}>
                  {index > 0 && ', '}
                  <code>{id}</code>
                </span>
              ))}
              .
            </>
          ) : (
            '; no other module imports it.'
          )}
        </li>
        <li>The file as it is now is saved first, as a backup entry on the timeline.</li>
        <li>
          A new entry “restored from {target.versionId}” is added. Nothing in the history is removed or rewritten: you can
          roll forward again from the timeline.
        </li>
        {unsafe && (
          <li className="consequences__warning">
            This version did not pass its checks when it was recorded. If it does not load now, the rollback stops and the
            file is put back as it was.
          </li>
        )}
      </ul>
      {rollback.status === 'error' && <ErrorNotice error={rollback.error} context="The rollback did not complete." testId="rollback-error" />}
    </Dialog>
  );
}
