import { useState } from 'react';
import type { VersionInfo } from '../../../../shared/history';
import type { ModuleId, VersionId } from '../../../../shared/ids';
import { DiffView } from '../../monaco/DiffView';
import { useAppStore } from '../../store/app-store-context';
import type { DiffSide } from '../../store/audit-slice';
import { ErrorNotice } from '../common/ErrorNotice';
import { Field } from '../common/Field';
import { ModuleSelect } from '../common/ModuleSelect';
import { formatWhen, plural } from '../common/format';
import { describeVersion } from '../common/labels';
import type { ResolvedSide } from './use-comparison';

const MAX_OPTIONS = 1000;

/** Picks two sides (versions or the file now) of one module and shows them side by side or inline. */
export function CompareSection({
  module,
  versions,
  left,
  right,
}: {
  module: ModuleId | null;
  versions: readonly VersionInfo[];
  left: ResolvedSide | null;
  right: ResolvedSide | null;
}) {
  const setDiffSide = useAppStore((state) => state.setDiffSide);
  const swap = useAppStore((state) => state.swapDiffSides);
  const sideBySide = useAppStore((state) => state.audit.sideBySide);
  const ignoreWhitespace = useAppStore((state) => state.audit.ignoreWhitespace);
  const setSideBySide = useAppStore((state) => state.setSideBySide);
  const setIgnoreWhitespace = useAppStore((state) => state.setIgnoreWhitespace);
  const collapseUnchanged = useAppStore((state) => state.audit.collapseUnchanged);
  const setCompareModule = useAppStore((state) => state.setCompareModule);
  const setCollapseUnchanged = useAppStore((state) => state.setCollapseUnchanged);

  const choose = (which: 'left' | 'right') => (value: string) => {
    if (module === null) return;
    setDiffSide(which, value === 'current' ? { kind: 'current', module } : { kind: 'version', versionId: value as VersionId });
  };
  const error = left?.error ?? right?.error ?? null;
  const ready = left !== null && right !== null && left.content !== null && right.content !== null;

  return (
    <section className="audit-compare" aria-labelledby="compare-heading" data-testid="audit-compare">
      <header className="section-header">
        <h2 id="compare-heading" className="section-title">
          Compare versions
        </h2>
        <div className="toolbar">
          <fieldset className="segmented">
            <legend className="visually-hidden">Diff layout</legend>
            <label className="segmented__option">
              <input type="radio" name="diff-layout" checked={sideBySide} onChange={() => setSideBySide(true)} />
              <span>Side by side</span>
            </label>
            <label className="segmented__option">
              <input type="radio" name="diff-layout" checked={!sideBySide} onChange={() => setSideBySide(false)} />
              <span>Inline</span>
            </label>
          </fieldset>
          <label className="checkbox">
            <input type="checkbox" checked={ignoreWhitespace} onChange={(event) => setIgnoreWhitespace(event.target.checked)} />
            Ignore whitespace
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={collapseUnchanged} onChange={(event) => setCollapseUnchanged(event.target.checked)} />
            Collapse unchanged lines
          </label>
        </div>
      </header>
      <div className="compare-pickers">
        <Field label="Module">
          <ModuleSelect value={module} onChange={setCompareModule} />
        </Field>
        <SidePicker label="Left (before)" side={left?.side ?? null} versions={versions} onChange={choose('left')} />
        <button type="button" className="button button--icon" onClick={swap} aria-label="Swap left and right" title="Swap left and right">
          ⇄
        </button>
        <SidePicker label="Right (after)" side={right?.side ?? null} versions={versions} onChange={choose('right')} />
      </div>
      {error !== null && <ErrorNotice error={error} context="Could not read a side of the comparison." />}
      {module === null && <p className="empty">Pick a module to compare its versions.</p>}
      {module !== null && !ready && error === null && <p className="empty">Loading the contents…</p>}
      {ready && (
        <DiffView
          original={left.content ?? ''}
          modified={right.content ?? ''}
          originalLabel={left.label}
          modifiedLabel={right.label}
          sideBySide={sideBySide}
          ignoreWhitespace={ignoreWhitespace}
          collapseUnchanged={collapseUnchanged}
          ariaLabel={`Audit diff of ${module ?? ''}`}
          testId="audit-diff"
        />
      )}
    </section>
  );
}

function SidePicker({
  label,
  side,
  versions,
  onChange,
}: {
  label: string;
  side: DiffSide | null;
  versions: readonly VersionInfo[];
  onChange: (value: string) => void;
}) {
  const [query, setQuery] = useState('');
  const value = side === null ? '' : side.kind === 'current' ? 'current' : side.versionId;
  const needle = query.trim().toLowerCase();
  const describe = (version: VersionInfo) => `${describeVersion(version, formatWhen(version.createdAt))} · ${version.reason}`;
  const matching = needle === '' ? versions : versions.filter((version) => describe(version).toLowerCase().includes(needle));
  const shown = matching.slice(0, MAX_OPTIONS);
  const selected = side?.kind === 'version' && !shown.some((version) => version.versionId === side.versionId)
    ? versions.find((version) => version.versionId === side.versionId)
    : undefined;
  return (
    <div className="side-picker">
      <Field label={label} grow>
        <select value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="current">Current file on disk</option>
          {[...(selected === undefined ? [] : [selected]), ...shown].map((version) => (
            <option key={version.versionId} value={version.versionId}>
              {describe(version)}
            </option>
          ))}
        </select>
      </Field>
      <input
        type="search"
        className="side-picker__search"
        placeholder="Filter by id, hash, state, reason…"
        aria-label={`Search the versions (${label.startsWith("Left") ? "left" : "right"} side)`}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          const first = versions.find((version) => describe(version).toLowerCase().includes(event.target.value.trim().toLowerCase()));
          if (event.target.value.trim() !== '' && first !== undefined) onChange(first.versionId);
        }}
      />
      {needle !== '' && <span className="muted small">{plural(matching.length, 'match', 'matches')}</span>}
    </div>
  );
}
