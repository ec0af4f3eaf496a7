import { useEffect, useMemo, useRef } from 'react';
import type { ReloadOutcome, ReloadRecord } from '../../../../shared/history';
import { shortHash, type ModuleId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import type { OutcomeFilter } from '../../store/audit-slice';
import { Chip } from '../common/Chip';
import { ErrorNotice } from '../common/ErrorNotice';
import { Field } from '../common/Field';
import { ModuleSelect } from '../common/ModuleSelect';
import { formatDuration, plural } from '../common/format';
import { Time } from '../common/Time';
import { OUTCOME } from '../common/labels';
import { describeLateCalls } from '../../../../shared/reload-reruns';

const MAX_ROWS = 500;
const PHASES = ['compile', 'typecheck', 'drain', 'instantiate', 'checks', 'swap', 'cascade', 'post-checks'];

/** The reload attempts that pass the module and outcome filters. */
export function useFilteredReloads(): readonly ReloadRecord[] {
  const reloads = useAppStore((state) => state.audit.reloads);
  const module = useReloadModule();
  const outcome = useAppStore((state) => state.audit.outcome);
  return useMemo(
    () =>
      reloads.filter((record) => (module === null || record.module === module) && (outcome === 'all' || record.outcome === outcome)),
    [reloads, module, outcome],
  );
}

/** The reload history's module filter: the audit's own choice, else the sidebar's selection. */
export function useReloadModule(): ModuleId | null {
  const chosen = useAppStore((state) => state.audit.reloadModule);
  const selected = useAppStore((state) => state.modules.selectedId);
  return chosen === 'follow' ? selected : chosen;
}

/** Every reload attempt: when, what came of it, how long each phase took, hashes and the error. */
export function ReloadTable({ rows, exportButtons }: { rows: readonly ReloadRecord[]; exportButtons: React.ReactNode }) {
  const total = useAppStore((state) => state.audit.reloads.length);
  const loaded = useAppStore((state) => state.audit.loaded);
  const error = useAppStore((state) => state.audit.error);
  const outcome = useAppStore((state) => state.audit.outcome);
  const setOutcome = useAppStore((state) => state.setOutcomeFilter);
  const module = useReloadModule();
  const setModule = useAppStore((state) => state.setReloadModule);

  return (
    <section className="reload-history" aria-labelledby="reloads-heading" data-testid="reload-history">
      <header className="section-header">
        <h2 id="reloads-heading" className="section-title">
          Reload history <span className="count">{rows.length === total ? total : `${rows.length} of ${total}`}</span>
        </h2>
        <div className="toolbar">
          <Field label="Module" inline>
            <ModuleSelect allowAll value={module} onChange={setModule} />
          </Field>
          <Field label="Outcome" inline>
            <select value={outcome} onChange={(event) => setOutcome(event.target.value as OutcomeFilter)}>
              <option value="all">All outcomes</option>
              {(Object.keys(OUTCOME) as ReloadOutcome[]).map((key) => (
                <option key={key} value={key}>
                  {OUTCOME[key].label}
                </option>
              ))}
            </select>
          </Field>
          {exportButtons}
        </div>
      </header>
      {error !== null && <ErrorNotice error={error} context="Could not read the reload history." />}
      <div className="table-scroll">
        <table className="data-table" aria-label="Reload history">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Module</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="numeric">
                Total
              </th>
              <th scope="col">Phases</th>
              <th scope="col">Hashes</th>
              <th scope="col">Re-ran and notes</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((record) => (
              <ReloadRow key={record.id} record={record} />
            ))}
          </tbody>
        </table>
      </div>
      {loaded && rows.length === 0 && <p className="empty">No reloads match these filters.</p>}
      {rows.length > MAX_ROWS && (
        <p className="muted small table-note">
          Showing the newest {MAX_ROWS} of {plural(rows.length, 'reload')}; the export includes all of them.
        </p>
      )}
    </section>
  );
}

function ReloadRow({ record }: { record: ReloadRecord }) {
  const outcome = OUTCOME[record.outcome];
  const selectVersion = useAppStore((state) => state.selectVersion);
  const setTab = useAppStore((state) => state.setTab);
  const highlighted = useAppStore((state) => record.versionId !== null && state.audit.highlightVersionId === record.versionId);
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (highlighted) row.current?.scrollIntoView({ block: 'center' });
  }, [highlighted]);
  return (
    <tr
      ref={row}
      data-testid="reload-row"
      data-outcome={record.outcome}
      data-version-id={record.versionId ?? undefined}
      className={highlighted ? 'data-table__row--highlighted' : undefined}
      aria-current={highlighted ? 'true' : undefined}
    >
      <td className="nowrap">
        <Time ms={record.startedAt} />
        {record.versionId !== null && (
          <>
            {' · '}
            <button
              type="button"
              className="link-button"
              title="Show this version on the timeline"
              onClick={() => {
                selectVersion(record.versionId);
                setTab('timeline');
              }}
            >
              {record.versionId}
            </button>
          </>
        )}
      </td>
      <td>
        <code>{record.module}</code>
      </td>
      <td>
        <Chip tone={outcome.tone}>{outcome.label}</Chip>
      </td>
      <td className="numeric nowrap">{formatDuration(record.durationMs)}</td>
      <td>
        <ul className="phases">
          {PHASES.filter((phase) => record.phases[phase] !== undefined).map((phase) => (
            <li key={phase}>
              <span className="phases__name">{phase}</span> {formatDuration(record.phases[phase] ?? 0)}
            </li>
          ))}
        </ul>
      </td>
      <td className="nowrap">
        <code className="hash" title={`${record.oldHash ?? 'none'} → ${record.newHash ?? 'none'}`}>
          {shortHash(record.oldHash ?? '--------')} → {shortHash(record.newHash ?? '--------')}
        </code>
      </td>
      <td data-testid="reload-notes">
        <ReloadNotes record={record} />
      </td>
      <td className="error-cell">
        {record.error !== null && (
          <>
            <code>{record.error.code}</code> {record.error.message}
          </>
        )}
      </td>
    </tr>
  );
}

/** Which modules' top-level code ran (with why), late calls and what was not carried over. */
function ReloadNotes({ record }: { record: ReloadRecord }) {
  const late = describeLateCalls(record.lateCalls);
  const lines = [
    ...(record.reran ?? []).map((rerun) => `${rerun.module}${rerun.entry === true ? ' (entry point)' : ''}: ${rerun.reason}`),
    ...(late === null ? [] : [late]),
    ...(record.notCarried ?? []).map((note) => `not carried over: ${note}`),
  ];
  if (lines.length === 0) return null;
  return (
    <ul className="phases">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
