import { readFileSync } from 'node:fs';
import { resolveUserPath } from '../user-path';
import { AppError } from '../../../shared/errors';
import { shortHash } from '../../../shared/ids';
import type { ProposalLifecycle } from '../../../shared/contract/live-types';
import { LIFECYCLE_WORDS } from '../../../shared/proposal-lifecycle';
import type { Proposal, ProposalStatus, SandboxReport, WriteMode } from '../../../shared/proposals';
import type { ParsedCommand } from '../../../shared/session/tokenize';
import type { ProposalService } from '../../proposals/proposal-service';
import { describeProposalsLive, type LifecycleEngine } from '../../proposals/proposal-lifecycle';
import { MAX_MODULE_BYTES } from '../../runtime/workspace';
import { defineCommand } from '../command';
import { optionalStringFlag, requirePositional } from './arguments';

const PROPOSE_USAGE = '/propose-code "<feature>" [--file F | --code "…"] [--tests F] [--target M] [--mode append|replace]';

/** Which proposal a command without an id means: the newest one in a fitting status. */
const LATEST: Record<'sandbox' | 'approve' | 'reject' | 'apply', readonly ProposalStatus[]> = {
  sandbox: ['draft', 'sandbox_failed', 'sandbox_passed', 'approved'],
  approve: ['sandbox_passed', 'sandbox_failed', 'draft'],
  reject: ['draft', 'sandbox_failed', 'sandbox_passed', 'approved'],
  apply: ['approved'],
};

export function resolveProposal(proposals: ProposalService, id: string | undefined, purpose: keyof typeof LATEST): Proposal {
  if (id !== undefined) return proposals.get(id);
  const latest = proposals.list().find((proposal) => LATEST[purpose].includes(proposal.status));
  if (latest === undefined) {
    throw new AppError('PROPOSAL_NOT_FOUND', `No proposal is ${LATEST[purpose].join(' or ')}.`, {
      hint: purpose === 'apply' ? 'Approve one first with /approve-code, or list them with /proposals.' : 'Propose one with /propose-code.',
    });
  }
  return latest;
}

export const proposeCommand = defineCommand<Proposal>({
  name: 'propose-code',
  usage: PROPOSE_USAGE,
  summary: 'Propose a code change (from a file, inline, or drafted by the configured model).',
  run: async (command, { proposals }) => {
    const feature = requirePositional(command, 0, 'feature', PROPOSE_USAGE);
    const file = optionalStringFlag(command, 'file');
    const inline = optionalStringFlag(command, 'code');
    const target = optionalStringFlag(command, 'target');
    const mode = optionalStringFlag(command, 'mode') as WriteMode | undefined;
    if (file !== undefined && inline !== undefined) throw new AppError('USAGE', 'Give --file or --code, not both.', { hint: `Usage: ${PROPOSE_USAGE}` });
    const testsFile = optionalStringFlag(command, 'tests');
    const tests = testsFile === undefined ? null : readTextFile(testsFile);
    const options = { ...(target === undefined ? {} : { target }), ...(mode === undefined ? {} : { mode }) };
    if (file === undefined && inline === undefined) return proposals.generate({ feature, ...options });
    const code = file === undefined ? (inline as string) : readTextFile(file);
    return proposals.create({ feature, code, tests, ...options });
  },
  format: (proposal) => {
    const target = proposal.targets.map((suggestion) => `${suggestion.module} (${suggestion.reason}${suggestion.detail === undefined ? '' : `: ${suggestion.detail}`})`);
    return [
      `proposed ${proposal.id} (${proposal.status}, by ${proposal.source}): ${proposal.feature}`,
      `  target: ${target.join(', ')} — /apply-code asks, or pass --module`,
      `  mode: ${proposal.mode}; code ${shortHash(proposal.codeHash)}, ${proposal.code.split('\n').length} lines${proposal.tests === null ? '' : ', with tests'}`,
      `next: /sandbox-code ${proposal.id}`,
    ].join('\n');
  },
});

export const sandboxCommand = defineCommand<SandboxReport & { id: Proposal['id'] }>({
  name: 'sandbox-code',
  usage: '/sandbox-code [<id>]',
  summary: 'Test a proposal in a separate process on a copy of the workspace (default: the latest).',
  run: async (command, { proposals }) => {
    const proposal = resolveProposal(proposals, command.positionals[0], 'sandbox');
    return { id: proposal.id, ...(await proposals.sandbox(proposal.id)) };
  },
  format: (report) =>
    [
      `sandbox ${report.passed ? 'passed' : 'FAILED'} for ${report.id} (${report.checks.length} checks, ${report.durationMs} ms)`,
      ...report.checks.map((check) => {
        const output = check.output === '' || check.ok ? '' : `: ${check.output.replace(/\n/g, '\n      ')}`;
        return `  ${check.ok ? '✓' : '✗'} ${check.module === null ? '' : `${check.module} `}${check.name} (${check.ms} ms)${output}`;
      }),
      report.passed ? `next: /approve-code ${report.id}` : `It cannot be approved without --force. Fix the code, then /sandbox-code ${report.id} again.`,
    ].join('\n'),
});

export const approveCommand = defineCommand<Proposal>({
  name: 'approve-code',
  usage: '/approve-code [<id>] [--force]',
  summary: 'Approve a proposal whose sandbox passed for its current code (--force: anyway, recorded).',
  booleanFlags: ['force'],
  run: async (command, { proposals }) => {
    const proposal = resolveProposal(proposals, command.positionals[0], 'approve');
    return proposals.approve(proposal.id, { force: command.flags['force'] === true });
  },
  format: (proposal) =>
    [
      `approved ${proposal.id} (code ${shortHash(proposal.approval?.codeHash ?? '')}) by ${proposal.approval?.by ?? '?'}${proposal.approval?.forced === true ? ' — FORCED without a passed sandbox' : ''}`,
      `next: /apply-code ${proposal.id}`,
    ].join('\n'),
});

export const rejectCommand = defineCommand<Proposal>({
  name: 'reject-code',
  usage: '/reject-code [<id>]',
  summary: 'Reject a proposal.',
  run: async (command, { proposals }) => proposals.reject(resolveProposal(proposals, command.positionals[0], 'reject').id),
  format: (proposal) => `rejected ${proposal.id}`,
});

/** A proposal with where it really stands (the lifecycle every panel view shows). */
export type ProposalWithLifecycle = Proposal & { readonly lifecycle: ProposalLifecycle; readonly lifecycleDetail: string | null };

/** Every proposal, newest first, with its lifecycle as the history says it. */
export function proposalsWithLifecycle(engine: LifecycleEngine, proposals: ProposalService): ProposalWithLifecycle[] {
  const live = new Map(describeProposalsLive(engine, proposals).map((entry) => [entry.id, entry]));
  return proposals.list().map((proposal) => {
    const entry = live.get(proposal.id);
    return { ...proposal, lifecycle: entry?.lifecycle ?? 'draft', lifecycleDetail: entry?.detail ?? null };
  });
}

export const proposalsCommand = defineCommand<ProposalWithLifecycle[]>({
  name: 'proposals',
  usage: '/proposals',
  summary: 'List proposals, newest first, with where each stands.',
  run: async (_command: ParsedCommand, { engine, proposals }) => proposalsWithLifecycle(engine, proposals),
  format: (list) =>
    list
      .map((proposal) => {
        const time = new Date(proposal.createdAt).toISOString().replace('T', ' ').slice(0, 19);
        const targets = proposal.targets.map((target) => target.module).join(',');
        const state = LIFECYCLE_WORDS[proposal.lifecycle].label;
        const detail = proposal.lifecycleDetail === null ? '' : `\n    ${proposal.lifecycleDetail}`;
        return `${proposal.id}  ${time}  ${state.padEnd(14)} ${targets.padEnd(18)} ${proposal.mode.padEnd(7)} ${proposal.feature.split('\n', 1)[0] ?? ''}${detail}`;
      })
      .join('\n') || '(no proposals — /propose-code makes one)',
});

function readTextFile(file: string): string {
  const resolved = resolveUserPath(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolved);
  } catch (error) {
    throw new AppError('USAGE', `Cannot read ${resolved}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      hint: 'Give the path of a TypeScript file (relative to where the session started).',
    });
  }
  if (bytes.length > MAX_MODULE_BYTES) throw new AppError('FILE_TOO_LARGE', `${resolved} is larger than ${MAX_MODULE_BYTES} bytes.`);
  return bytes.toString('utf8');
}
