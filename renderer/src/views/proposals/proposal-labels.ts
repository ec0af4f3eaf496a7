import type { ProposalStatus, TargetSuggestion } from '../../../../shared/proposals';
import type { Tone } from '../common/labels';

export const STATUS: Readonly<Record<ProposalStatus, { label: string; tone: Tone }>> = {
  draft: { label: 'Draft', tone: 'neutral' },
  sandbox_passed: { label: 'Sandbox passed', tone: 'info' },
  sandbox_failed: { label: 'Sandbox failed', tone: 'danger' },
  approved: { label: 'Approved', tone: 'accent' },
  applied: { label: 'Applied', tone: 'ok' },
  rejected: { label: 'Rejected', tone: 'neutral' },
};

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
