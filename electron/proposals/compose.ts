import type { ProposalId } from '../../shared/ids';
import type { WriteMode } from '../../shared/proposals';

/**
 * The module file as Apply writes it. Append keeps the file and adds the code after a separator
 * comment naming the proposal; replace makes the code the whole file. Deterministic: the preview
 * and the apply (and the sandbox) compute the same bytes from the same inputs.
 */
export function composeFile(original: string, code: string, mode: WriteMode, proposalId: ProposalId, feature: string): string {
  const body = code.endsWith('\n') || code === '' ? code : `${code}\n`;
  if (mode === 'replace') return body;
  const head = original === '' || original.endsWith('\n') ? original : `${original}\n`;
  return `${head}\n${separatorComment(proposalId, feature)}\n${body}`;
}

/** `// ---- proposal_ab12: <first line of the feature> ----` (one line, whatever the feature holds). */
export function separatorComment(proposalId: ProposalId, feature: string): string {
  const firstLine = (feature.split(/\r?\n/, 1)[0] ?? '').trim();
  const title = firstLine.length > 100 ? `${firstLine.slice(0, 97)}...` : firstLine;
  return `// ---- ${proposalId}: ${title} ----`;
}
