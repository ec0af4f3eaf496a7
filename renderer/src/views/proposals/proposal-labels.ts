import type { ProposalLifecycle, ProposalLive } from '../../../../shared/contract/panel';
import { LIFECYCLE_WORDS } from '../../../../shared/proposal-lifecycle';
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

const LIFECYCLE_TONES: Readonly<Record<ProposalLifecycle, Tone>> = {
  draft: 'neutral',
  sandboxed: 'info',
  sandbox_failed: 'danger',
  approved: 'accent',
  applied: 'ok',
  superseded: 'neutral',
  rolled_back: 'danger',
  apply_failed: 'danger',
  rejected: 'neutral',
};

/** A proposal's lifecycle in words (shared with the terminal's /proposals) and its tone. */
export const LIFECYCLE: Readonly<Record<ProposalLifecycle, { label: string; tone: Tone; description: string }>> = Object.fromEntries(
  (Object.keys(LIFECYCLE_TONES) as ProposalLifecycle[]).map((lifecycle) => [lifecycle, { ...LIFECYCLE_WORDS[lifecycle], tone: LIFECYCLE_TONES[lifecycle] }]),
) as Record<ProposalLifecycle, { label: string; tone: Tone; description: string }>;

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
