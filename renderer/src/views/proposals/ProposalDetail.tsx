import { useMemo, useState } from 'react';
import type { Proposal } from '../../../../shared/proposals';
import type { ProposalLive } from '../../../../shared/contract/panel';
import type { VersionId } from '../../../../shared/ids';
import { CodeEditor } from '../../monaco/CodeEditor';
import { useAppStore } from '../../store/app-store-context';
import { useModuleSource } from '../../store/use-files';
import { Chip } from '../common/Chip';
import { Dialog } from '../common/Dialog';
import { ErrorNotice } from '../common/ErrorNotice';
import { CopyButton } from '../common/CopyButton';
import { formatTime } from '../common/format';
import { Time } from '../common/Time';
import { describeTarget, LIFECYCLE, useProposalLive } from './proposal-labels';
import { proposalLineOf } from './proposal-location';
import { SandboxReport } from './SandboxReport';

const ACTION_LABELS = { create: 'Creating', generate: 'Generating', save: 'Saving', sandbox: 'Running the sandbox', approve: 'Approving', reject: 'Rejecting' } as const;

/** One proposal: its feature, target, code (editable until applied), sandbox report and actions. */
export function ProposalDetail({ proposal }: { proposal: Proposal }) {
  const draft = useAppStore((state) => state.proposals.drafts[proposal.id]);
  const busy = useAppStore((state) => state.proposals.busy[proposal.id]);
  const failure = useAppStore((state) => (state.proposals.failure?.id === proposal.id ? state.proposals.failure : null));
  const editDraft = useAppStore((state) => state.editDraft);
  const discardDraft = useAppStore((state) => state.discardDraft);
  const save = useAppStore((state) => state.saveProposalCode);
  const runSandbox = useAppStore((state) => state.runSandbox);
  const approve = useAppStore((state) => state.approveProposal);
  const reject = useAppStore((state) => state.rejectProposal);
  const openApply = useAppStore((state) => state.openApply);
  const [confirmForce, setConfirmForce] = useState(false);
  const codeFocus = useAppStore((state) => (state.ui.codeFocus?.proposalId === proposal.id ? state.ui.codeFocus : null));
  const showInProposal = useAppStore((state) => state.showInProposal);
  const sandboxBase = useModuleSource(proposal.sandboxReports.at(-1)?.targets[0] ?? null);
  const problems = useMemo(() => (codeFocus === null ? [] : [codeFocus]), [codeFocus]);

  const code = draft?.code ?? proposal.code;
  const tests = draft?.tests ?? proposal.tests;
  const dirty = draft !== undefined && (draft.code !== proposal.code || draft.tests !== proposal.tests);
  const closed = proposal.status === 'applied' || proposal.status === 'rejected';
  const report = proposal.sandboxReports.at(-1);
  const reportIsCurrent = report !== undefined && report.codeHash === proposal.codeHash;
  const live = useProposalLive(proposal);
  const status = LIFECYCLE[live.lifecycle];
  // Passed, but without the OS sandbox: approving needs the same explicit acknowledgement.
  const unconfined = reportIsCurrent && report.passed && report.protections?.osSandbox == null;
  const working = busy !== undefined;

  return (
    <article className="proposal" data-testid="proposal-detail" data-proposal-id={proposal.id} data-status={proposal.status} data-lifecycle={live.lifecycle}>
      <header className="proposal__header">
        <div className="proposal__title">
          <Chip tone={status.tone} title={status.description}>
            {status.label}
          </Chip>
          <h3 className="proposal__feature">{proposal.feature}</h3>
        </div>
        <p className="proposal__meta">
          <code>{proposal.id}</code>
          <CopyButton text={proposal.id} what="proposal id" /> · {proposal.source === 'person' ? 'written by a person' : `drafted by the ${proposal.source}`} ·{' '}
          {formatTime(proposal.createdAt)} · {proposal.mode}
          {proposal.approval !== null && (
            <>
              {' '}
              · approved by {proposal.approval.by} {formatTime(proposal.approval.approvedAt)}
              {proposal.approval.forced && <strong className="warning-text"> without a passed sandbox</strong>}
            </>
          )}
        </p>
        <LifecycleLine live={live} />
        <ul className="proposal__targets" aria-label="Target modules">
          {proposal.targets.map((target) => (
            <li key={target.module}>
              Target <code>{target.module}</code> <span className="muted">— {describeTarget(target)}</span>
            </li>
          ))}
        </ul>
      </header>
      <div className="proposal__toolbar" role="toolbar" aria-label="Proposal actions">
        {dirty && (
          <>
            <button type="button" className="button button--primary" onClick={() => void save(proposal.id)} disabled={working}>
              Save code
            </button>
            <button type="button" className="button" onClick={() => discardDraft(proposal.id)} disabled={working}>
              Discard changes
            </button>
          </>
        )}
        <button
          type="button"
          className="button"
          onClick={() => void runSandbox(proposal.id)}
          disabled={closed || dirty || working}
          title={dirty ? 'Save the code first: the sandbox runs the saved code.' : 'Apply the code to a copy of the workspace in a separate process and run the checks'}
        >
          Run sandbox
        </button>
        {reportIsCurrent && (!report.passed || unconfined) && proposal.status !== 'approved' ? (
          <button type="button" className="button" onClick={() => setConfirmForce(true)} disabled={closed || dirty || working}>
            Approve anyway…
          </button>
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => void approve(proposal.id)}
            disabled={closed || dirty || working || proposal.status === 'approved' || !reportIsCurrent}
            title={reportIsCurrent ? 'Approve this exact code for Apply' : 'Run the sandbox on this code first'}
          >
            Approve
          </button>
        )}
        <button type="button" className="button" onClick={() => void reject(proposal.id)} disabled={closed || working}>
          Reject
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void openApply(proposal.id)}
          disabled={!live.canApply || proposal.status !== 'approved' || dirty || working}
          title={live.canApply ? 'Choose the module and the write mode, review the diff, confirm' : 'Approve the proposal first'}
        >
          {live.lifecycle === 'apply_failed' ? 'Apply again…' : 'Apply…'}
        </button>
        {working && (
          <span className="proposal__busy" role="status">
            <span className="spinner" aria-hidden="true" /> {ACTION_LABELS[busy]}…
          </span>
        )}
      </div>
      {failure !== null && <ErrorNotice error={failure.error} context={`${ACTION_LABELS[failure.action]} failed.`} testId="proposal-error" />}
      <div className="proposal__editors">
        <label className="field__label" htmlFor={`code-${proposal.id}`}>
          Code {closed ? '(read-only)' : ''}
        </label>
        <div id={`code-${proposal.id}`} className="proposal__code">
          <CodeEditor
            value={code}
            problems={problems}
            readOnly={closed}
            ariaLabel={`Code of proposal ${proposal.id}`}
            path={`file:///proposals/${proposal.id}.ts`}
            onChange={(value) => editDraft(proposal.id, { code: value, tests })}
            testId="proposal-code"
          />
        </div>
        <details className="proposal__tests" open={tests !== null && tests !== ''}>
          <summary>Tests (run in the sandbox only)</summary>
          <CodeEditor
            value={tests ?? ''}
            readOnly={closed}
            ariaLabel={`Tests of proposal ${proposal.id}`}
            path={`file:///proposals/${proposal.id}.test.ts`}
            onChange={(value) => editDraft(proposal.id, { code, tests: value === '' ? null : value })}
          />
        </details>
      </div>
      {report !== undefined && (
        <SandboxReport
          report={report}
          stale={!reportIsCurrent}
          locate={(location) => proposalLineOf(location, proposal.code, report.mode, sandboxBase?.status === 'ready' ? sandboxBase.value.content : null)}
          onShowLine={(line, message) => showInProposal({ proposalId: proposal.id, line, column: 1, message })}
        />
      )}

      <Dialog
        title={unconfined ? `Approve ${proposal.id} tested without an OS sandbox?` : `Approve ${proposal.id} without a passed sandbox?`}
        open={confirmForce}
        onClose={() => setConfirmForce(false)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirmForce(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => {
                setConfirmForce(false);
                void approve(proposal.id, true);
              }}
            >
              Approve anyway
            </button>
          </>
        }
      >
        <p>
          {unconfined
            ? 'The sandbox ran without an OS sandbox (bubblewrap): the code could reach your files, network and processes. Approving is recorded as forced on the proposal.'
            : 'The sandbox failed for this code. Approving anyway is recorded as forced on the proposal.'}
        </p>
        <p>If the code fails when applied, the module is rolled back to the version that serves now.</p>
      </Dialog>
    </article>
  );
}

/** What the proposal's change became, with links to the versions involved. */
function LifecycleLine({ live }: { live: ProposalLive }) {
  if (live.versionId === null && live.detail === null) return null;
  const label = live.lifecycle === 'apply_failed' ? 'failed version' : 'version';
  return (
    <p className={`proposal__lifecycle proposal__lifecycle--${live.lifecycle}`} data-testid="proposal-lifecycle">
      {live.versionId !== null && (
        <>
          {label} <VersionLink versionId={live.versionId} />
        </>
      )}
      {live.servingVersionId !== null && live.servingVersionId !== live.versionId && (
        <>
          {' '}
          · serving now <VersionLink versionId={live.servingVersionId} />
        </>
      )}
      {live.versionId !== null && (
        <>
          {' '}
          · <ProposalVersionsLink proposalId={live.id} />
        </>
      )}
      {live.detail !== null && <span className="proposal__lifecycle-detail"> · {live.detail}</span>}
      {live.at !== null && (
        <>
          {' '}
          · <Time ms={live.at} />
        </>
      )}
    </p>
  );
}

/** The timeline filtered to every version this proposal made (its checkpoints, applies and what undid them). */
function ProposalVersionsLink({ proposalId }: { proposalId: ProposalLive['id'] }) {
  const setTab = useAppStore((state) => state.setTab);
  const setTimelineFilter = useAppStore((state) => state.setTimelineFilter);
  const selectModule = useAppStore((state) => state.selectModule);
  return (
    <button
      type="button"
      className="link-button"
      data-testid="proposal-versions-link"
      onClick={() => {
        setTimelineFilter({ proposal: proposalId, text: '', state: 'all' });
        selectModule(null);
        setTab('timeline');
      }}
    >
      all its versions on the timeline
    </button>
  );
}

function VersionLink({ versionId }: { versionId: VersionId }) {
  const setTab = useAppStore((state) => state.setTab);
  const selectVersion = useAppStore((state) => state.selectVersion);
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        selectVersion(versionId);
        setTab('timeline');
      }}
    >
      {versionId}
    </button>
  );
}
