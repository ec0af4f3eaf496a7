import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { AppError, type ErrorInfo } from '../../shared/errors';
import type { ProposalId } from '../../shared/ids';
import { WRITE_MODES, type Proposal, type WriteMode } from '../../shared/proposals';
import { MAX_MODULE_BYTES } from '../runtime/workspace';

const MAX_FEATURE_LENGTH = 10_000;

/** Why a proposal may not be applied now (nothing is written then), or null. */
export function notApplicable(proposal: Proposal): ErrorInfo | null {
  if (proposal.status === 'applied') return { code: 'INVALID_STATE', message: `${proposal.id} is already applied.` };
  if (proposal.status !== 'approved' || proposal.approval === null) {
    return { code: 'NOT_APPROVED', message: `${proposal.id} is ${proposal.status}, not approved; nothing was written.`, hint: `Approve it first: /approve-code ${proposal.id}.` };
  }
  if (proposal.approval.codeHash !== proposal.codeHash) {
    return { code: 'NOT_APPROVED', message: `The code of ${proposal.id} changed after it was approved; nothing was written.`, hint: 'Approve the new code.' };
  }
  return null;
}

export function newProposalId(): ProposalId {
  return `proposal_${randomBytes(5).toString('hex')}` as ProposalId;
}

export function checkFeature(feature: string): string {
  if (typeof feature !== 'string' || feature.trim() === '') {
    throw new AppError('USAGE', 'The feature text is empty.', { hint: 'Say what the change does, e.g. "Add ke_status()".' });
  }
  if (feature.length > MAX_FEATURE_LENGTH) throw new AppError('USAGE', `The feature text is longer than ${MAX_FEATURE_LENGTH} characters.`);
  return feature;
}

export function checkCode(code: string): string {
  if (typeof code !== 'string' || code.trim() === '') {
    throw new AppError('USAGE', 'The proposal has no code.', { hint: 'Give it with --file F or --code "…".' });
  }
  if (Buffer.byteLength(code) > MAX_MODULE_BYTES) throw new AppError('FILE_TOO_LARGE', `The code is larger than ${MAX_MODULE_BYTES} bytes.`);
  if (code.includes('\0')) throw new AppError('BINARY_FILE', 'The code contains NUL bytes.');
  return code;
}

export function checkMode(mode: string | undefined): WriteMode {
  if (mode === undefined) return 'append';
  if (!(WRITE_MODES as readonly string[]).includes(mode)) {
    throw new AppError('USAGE', `Unknown write mode "${mode}".`, { hint: 'Use append or replace.' });
  }
  return mode as WriteMode;
}

export function currentUser(): string {
  try {
    return userInfo().username || 'local user';
  } catch {
    return 'local user';
  }
}
