import type { ProposalDraft } from './proposals-slice';

const PREFIX = 'drafts=';

/** Drafts as a URL fragment (`#drafts=…`), carried to a new access link; empty when there are none. */
export function draftsFragment(drafts: Readonly<Record<string, ProposalDraft>>): string {
  return Object.keys(drafts).length === 0 ? '' : `${PREFIX}${encodeURIComponent(JSON.stringify(drafts))}`;
}

/** Drafts carried in the page's fragment, or null; the caller removes the fragment after taking them. */
export function draftsFromFragment(hash: string): Record<string, unknown> | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text.startsWith(PREFIX)) return null;
  try {
    const value: unknown = JSON.parse(decodeURIComponent(text.slice(PREFIX.length)));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
