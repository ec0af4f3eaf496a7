import type { ProposalLifecycle } from './contract/live-types';

/**
 * A proposal's lifecycle in words: one wording for the panel (list, detail, timeline, audit) and
 * the terminal's /proposals, so both tell the same story.
 */
export const LIFECYCLE_WORDS: Readonly<Record<ProposalLifecycle, { readonly label: string; readonly description: string }>> = {
  draft: { label: 'Draft', description: 'Written, not tested yet.' },
  sandboxed: { label: 'Sandbox passed', description: 'Passed its sandbox; waiting for approval.' },
  sandbox_failed: { label: 'Sandbox failed', description: 'Failed its sandbox.' },
  approved: { label: 'Approved', description: 'Approved for this exact code; not applied yet.' },
  applied: { label: 'Applied', description: 'Its change is what runs now.' },
  superseded: { label: 'Superseded', description: 'Applied, then replaced by a later change.' },
  rolled_back: { label: 'Rolled back', description: 'Applied, then undone.' },
  apply_failed: { label: 'Apply failed', description: 'The apply failed and was rolled back; nothing changed.' },
  rejected: { label: 'Rejected', description: 'Rejected; it will not be applied.' },
};
