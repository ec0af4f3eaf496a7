import { useState } from 'react';
import type { ApplyPreview, WriteMode } from '../../../../shared/proposals';
import { shortHash, type VersionId } from '../../../../shared/ids';
import { DiffView } from '../../monaco/DiffView';
import { useAppStore } from '../../store/app-store-context';
import { Dialog } from '../common/Dialog';
import { ErrorNotice } from '../common/ErrorNotice';
import { Field } from '../common/Field';
import { ApplyOutcome, ApplySteps } from './ApplySteps';
import { proposalLineOf } from './proposal-location';
import { describeTarget } from './proposal-labels';
import { TypeErrors } from './TypeErrors';
import { RerunForecastList } from './WhatReruns';

/**
 * Apply: pick the module (the suggested one first, with why), Append or Replace, review the
 * side-by-side diff of the file now ↔ the result and the warnings, confirm. Then the steps.
 */
export function ApplyDialog() {
  const apply = useAppStore((state) => state.proposals.apply);
  const proposal = useAppStore((state) =>
    apply.status === 'closed' ? undefined : state.proposals.list.find((entry) => entry.id === apply.proposalId),
  );
  const modules = useAppStore((state) => state.modules.list);
  const choose = useAppStore((state) => state.chooseApplyTarget);
  const confirm = useAppStore((state) => state.confirmApply);
  const close = useAppStore((state) => state.closeApply);
  const selectVersion = useAppStore((state) => state.selectVersion);
  const selectModule = useAppStore((state) => state.selectModule);
  const setTab = useAppStore((state) => state.setTab);
  const showInProposal = useAppStore((state) => state.showInProposal);
  const [fileIndex, setFileIndex] = useState(0);
  const [allowTypeErrors, setAllowTypeErrors] = useState(false);
  if (apply.status === 'closed') return null;

  const running = apply.status === 'applying';
  const done = apply.status === 'done';
  const module = apply.module ?? '';
  const suggested = proposal?.targets[0];
  const preview = apply.preview;
  const files = preview === null ? [] : filesOf(preview);
  const file = files[Math.min(fileIndex, files.length - 1)];
  const showOnTimeline = (versionId: VersionId | null) => {
    close();
    selectModule(null);
    if (versionId !== null) selectVersion(versionId);
    setTab('timeline');
  };

  return (
    <Dialog
      title={`Apply ${apply.proposalId}`}
      open
      wide
      busy={running}
      onClose={close}
      testId="apply-dialog"
      footer={
        done ? (
          <>
            <button type="button" className="button" onClick={() => showOnTimeline(apply.result.versionId)}>
              Show on the timeline
            </button>
            <button type="button" className="button button--primary" onClick={close}>
              Close
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={close} disabled={running}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void confirm({ allowTypeErrors })}
              disabled={running || preview === null || (apply.status === 'choosing' && apply.previewing)}
            >
              {running ? 'Applying…' : `Confirm: ${apply.mode} into ${module || '…'}`}
            </button>
          </>
        )
      }
    >
      <div className="apply-choice">
        <Field label="Target module">
          <select
            value={module}
            disabled={running || done}
            onChange={(event) => {
              setFileIndex(0);
              void choose(event.target.value, apply.mode);
            }}
          >
            {module === '' && <option value="">…</option>}
            {modules.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.id}
                {entry.id === suggested?.module ? ' (suggested)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="field" disabled={running || done}>
          <legend className="field__label">Write mode</legend>
          <div className="radio-row">
            <WriteModeRadio mode="append" current={apply.mode} onChoose={(mode) => void choose(module, mode)} />
            <WriteModeRadio mode="replace" current={apply.mode} onChoose={(mode) => void choose(module, mode)} />
          </div>
        </fieldset>
        {suggested !== undefined && (
          <p className="apply-choice__reason" data-testid="suggestion">
            Suggested <code>{suggested.module}</code>: {describeTarget(suggested)}.
          </p>
        )}
      </div>
      {preview !== null && !done && <RerunForecastList targets={filesOf(preview).map((entry) => entry.module)} forecast={preview.reruns ?? []} />}
      {preview !== null && preview.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings" data-testid="apply-warnings">
          {preview.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {apply.status !== 'done' && apply.error !== null && (
        <ErrorNotice error={apply.error} context="Could not preview or apply." testId="apply-error" />
      )}
      {!done && (
        <TypeErrors
          error={apply.error}
          allow={allowTypeErrors}
          onAllowChange={setAllowTypeErrors}
          disabled={running}
          proposalId={apply.proposalId}
          onShowLine={(line, column, message) => showInProposal({ proposalId: apply.proposalId, line, column, message })}
        />
      )}
      {done && (
        <ApplyOutcome
          result={apply.result}
          onShowVersion={showOnTimeline}
          locate={(location) => {
            if (proposal === undefined || preview === null) return null;
            const line = proposalLineOf(location, proposal.code, preview.mode, preview.original);
            return line === null ? null : { line, show: (message) => showInProposal({ proposalId: proposal.id, line, column: 1, message }) };
          }}
        />
      )}
      {(running || done) && <ApplySteps result={done ? apply.result : null} />}
      {files.length > 1 && (
        <div className="segmented" role="group" aria-label="Files this apply writes">
          {files.map((entry, index) => (
            <label key={entry.module} className="segmented__option">
              <input type="radio" name="apply-file" checked={entry === file} onChange={() => setFileIndex(index)} />
              <span>{entry.module}.ts</span>
            </label>
          ))}
        </div>
      )}
      {file !== undefined && (
        <DiffView
          original={file.original}
          modified={file.result}
          originalLabel={`${file.module}.ts now (${shortHash(file.baseHash)})`}
          modifiedLabel={`${file.module}.ts after ${apply.mode} (+${file.added} −${file.removed})`}
          ariaLabel={`Apply preview of ${file.module}`}
          testId="apply-diff"
        />
      )}
      {preview === null && apply.status === 'choosing' && apply.previewing && <p className="empty">Preparing the preview…</p>}
    </Dialog>
  );
}

function WriteModeRadio({ mode, current, onChoose }: { mode: WriteMode; current: WriteMode; onChoose: (mode: WriteMode) => void }) {
  return (
    <label className="checkbox" title={mode === 'append' ? 'Add the code after the file' : 'Make the code the whole file'}>
      <input type="radio" name="apply-mode" value={mode} checked={current === mode} onChange={() => onChoose(mode)} />
      {mode === 'append' ? 'Append' : 'Replace'}
    </label>
  );
}

/** Every file the apply writes (older hosts send only the first, without counts). */
function filesOf(preview: ApplyPreview): { module: string; original: string; result: string; baseHash: string; added: number; removed: number }[] {
  if (preview.files !== undefined && preview.files.length > 0) return [...preview.files];
  return [{ module: preview.module, original: preview.original, result: preview.result, baseHash: preview.baseHash, added: 0, removed: 0 }];
}
