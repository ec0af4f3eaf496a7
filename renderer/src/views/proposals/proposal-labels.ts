import type { ProposalLifecycle, ProposalLive } from '../../../../shared/contract/panel';
import type { Proposal, ProposalStatus, TargetSuggestion } from '../../../../shared/proposals';
import { useAppStore } from '../../store/app-store-context';
import type { Tone } from '../common/labels';

export const STATUS: Readonly<Record<ProposalStatus, { label: string; tone: Tone }>> = {
  draft: { label: 'Draft', tone: 'neutral' },
  sandbox_passed: { label: 'Sandbox passed', tone: 'info' },
  sandbox_failed: { label: 'Sandbox failed', tone: 'danger' },
  approved: { label: 'Approved', tone: 'accent' },
  applied: { label: 'Applied', tone: 'ok' },
  rejected: { label: 'Rejected', tone: 'neutral' },
};

/** A proposal's lifecycle in words, the same in the list, the detail, the timeline and the audit. */
export const LIFECYCLE: Readonly<Record<ProposalLifecycle, { label: string; tone: Tone; description: string }>> = {
  draft: { label: 'Draft', tone: 'neutral', description: 'Written, not tested yet.' },
  sandboxed: { label: 'Sandbox passed', tone: 'info', description: 'Passed its sandbox; waiting for approval.' },
  sandbox_failed: { label: 'Sandbox failed', tone: 'danger', description: 'Failed its sandbox.' },
  approved: { label: 'Approved', tone: 'accent', description: 'Approved for this exact code; not applied yet.' },
  applied: { label: 'Applied', tone: 'ok', description: 'Its change is what runs now.' },
  superseded: { label: 'Superseded', tone: 'neutral', description: 'Applied, then replaced by a later change.' },
  rolled_back: { label: 'Rolled back', tone: 'danger', description: 'Applied, then undone.' },
  apply_failed: { label: 'Apply failed', tone: 'danger', description: 'The apply failed and was rolled back; nothing changed.' },
  rejected: { label: 'Rejected', tone: 'neutral', description: 'Rejected; it will not be applied.' },
};

const FROM_STATUS: Readonly<Record<ProposalStatus, ProposalLifecycle>> = {
  draft: 'draft',
  sandbox_passed: 'sandboxed',
  sandbox_failed: 'sandbox_failed',
  approved: 'approved',
  applied: 'applied',
  rejected: 'rejected',
};

/** The proposal's lifecycle as the main process pushed it; its record's status until the first push. */
export function useProposalLive(proposal: Proposal): ProposalLive {
  const live = useAppStore((state) => state.live.proposals[proposal.id]);
  if (live !== undefined) return live;
  return {
    id: proposal.id,
    lifecycle: FROM_STATUS[proposal.status],
    module: null,
    versionId: proposal.appliedVersionId,
    servingVersionId: null,
    detail: null,
    at: null,
    canApply: proposal.status === 'approved',
  };
}

const REASONS: Readonly<Record<TargetSuggestion['reason'], string>> = {
  annotation: 'named by a // @target line in the code',
  references: 'the code uses what it exports',
  'feature text': 'named in the feature text',
  default: 'no better match: the default',
  chosen: 'chosen by the proposer',
};

/** Why this module was suggested, in words ("the code uses what it exports: count_facts"). */
export function describeTarget(target: TargetSuggestion): string {
  const reason = REASONS[target.reason];
  const detail = target.detail ?? '';
  return detail === '' || reason.includes(detail) ? reason : `${reason} (${detail})`;
}

export function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line === '' ? '(no feature text)' : line;
}
