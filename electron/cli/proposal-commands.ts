import { readFileSync } from 'node:fs';
import { resolveUserPath } from '../session/user-path';
import { AppError } from '../../shared/errors';
import type { ProposalLive, VersionDetail } from '../../shared/contract/panel';
import type { ApplyPreview, ApplyResult, Proposal, SandboxReport, WriteMode } from '../../shared/proposals';
import { formatApplyResult, summary } from '../session/commands/apply';
import { approveCommand, proposeCommand, proposalsCommand, sandboxCommand, type ProposalWithLifecycle } from '../session/commands/proposals';
import type { CliArguments } from './arguments';
import { withAgent, type AgentClient } from './with-agent';

/*
 * Proposal commands for scripts and CI hooks. Each prints one JSON document with --json (else
 * the text the session shows) and exits 0 on success, 1 when the proposal failed its sandbox or
 * was not applied, 2 on a wrong command line.
 */

export function runPropose(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const { feature, file, code, tests, target, mode } = args.options;
    if (feature === undefined) throw usage('Missing --feature TEXT.');
    if ((file === undefined) === (code === undefined)) throw usage('Give exactly one of --file F and --code TEXT.');
    const proposal = await agent.call<Proposal>('createProposal', {
      feature,
      code: code ?? readText(file as string),
      tests: tests === undefined ? null : readText(tests),
      ...(target === undefined ? {} : { target }),
      ...(mode === undefined ? {} : { mode: mode as WriteMode }),
    });
    print(args, { id: proposal.id, status: proposal.status, target: proposal.targets[0]?.module ?? null, mode: proposal.mode, targets: proposal.targets }, proposeCommand.format(proposal));
    return 0;
  });
}

export function runProposals(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const [proposals, live] = await Promise.all([agent.call<Proposal[]>('listProposals'), agent.call<ProposalLive[]>('liveProposals')]);
    const list = withLifecycle(proposals, live);
    print(args, list.map((proposal) => ({ ...brief(proposal), lifecycle: proposal.lifecycle, lifecycleDetail: proposal.lifecycleDetail })), proposalsCommand.format(list));
    return 0;
  });
}

export function runSandbox(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const id = requireId(args, 'sandbox <id>');
    const report = await agent.call<SandboxReport>('sandboxProposal', { id });
    const typeCheck = report.typeCheck === undefined ? {} : { typeCheck: report.typeCheck };
    print(args, { id, passed: report.passed, checks: report.checks, durationMs: report.durationMs, ...typeCheck }, sandboxCommand.format({ id: id as Proposal['id'], ...report }));
    return report.passed ? 0 : 1;
  });
}

export function runApprove(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const proposal = await agent.call<Proposal>('approveProposal', { id: requireId(args, 'approve <id> [--force]'), force: args.options.force });
    print(args, brief(proposal), approveCommand.format(proposal));
    return 0;
  });
}

export function runReject(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const proposal = await agent.call<Proposal>('rejectProposal', { id: requireId(args, 'reject <id>') });
    print(args, brief(proposal), `rejected ${proposal.id}`);
    return 0;
  });
}

/** No questions in a script: `--yes` confirms; module and mode default to the suggested ones. */
export function runApply(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const id = requireId(args, 'apply <id> [--module M] [--mode append|replace] [--probation MS] [--allow-type-errors] --yes');
    const preview = await agent.call<ApplyPreview>('previewApply', { id, ...(args.options.module === undefined ? {} : { module: args.options.module }), ...(args.options.mode === undefined ? {} : { mode: args.options.mode }) });
    if (!args.options.yes) {
      throw new AppError('USAGE', `Not applied without --yes.\n${summary(preview)}`, { hint: 'Review the summary, then run again with --yes.' });
    }
    const probationMs = parseProbation(args.options.probation);
    const result = await agent.call<ApplyResult>('applyProposal', {
      id,
      module: preview.module,
      mode: preview.mode,
      baseHash: preview.baseHash,
      allowTypeErrors: args.options.allowTypeErrors,
      ...(probationMs === undefined ? {} : { probationMs }),
    });
    if (result.outcome === 'refused' && result.error !== undefined) throw AppError.fromInfo(result.error);
    // This command ends next, and a version still on probation when the agent stops is reverted
    // at its next start (crash recovery): so the window is waited out here.
    const stable = result.outcome === 'applied' ? await waitForProbation(agent, result) : false;
    const text = `${formatApplyResult(result)}${result.outcome === 'applied' ? `\n${stable ? 'stable after its probation window' : 'FAILED its probation window and was rolled back'}` : ''}`;
    print(args, { ...result, stable }, text);
    return result.outcome === 'applied' && stable ? 0 : 1;
  });
}

/** Resolves when no applied version is on probation any more; true when every one became stable. */
async function waitForProbation(agent: AgentClient, result: ApplyResult): Promise<boolean> {
  const modules = result.modules ?? [];
  const deadline = Math.max(0, ...modules.map((module) => module.probationUntil ?? 0)) + 5000;
  const states = async () =>
    Promise.all(modules.map(async (module) => (module.versionId === null ? null : (await agent.call<VersionDetail>('versionDetail', { versionId: module.versionId })).version)));
  for (;;) {
    const versions = await states();
    const settled = versions.every((version) => version === null || version.stable || version.state !== 'candidate');
    if (settled || Date.now() >= deadline) return versions.every((version) => version?.stable === true);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each proposal with where it stands, as the session's /proposals lists them. */
function withLifecycle(proposals: readonly Proposal[], live: readonly ProposalLive[]): ProposalWithLifecycle[] {
  const byId = new Map(live.map((entry) => [entry.id, entry]));
  return proposals.map((proposal) => {
    const entry = byId.get(proposal.id);
    return { ...proposal, lifecycle: entry?.lifecycle ?? 'draft', lifecycleDetail: entry?.detail ?? null };
  });
}

function parseProbation(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) throw usage(`--probation ${value} is not a number of milliseconds (0-600000).`);
  return ms;
}

function brief(proposal: Proposal) {
  const { id, feature, status, mode, source, codeHash, approval, appliedVersionId, createdAt, updatedAt } = proposal;
  const targets = proposal.targets;
  const lastReport = proposal.sandboxReports.at(-1);
  return {
    id,
    feature,
    status,
    target: targets[0]?.module ?? null,
    targets,
    mode,
    source,
    codeHash,
    sandbox: lastReport === undefined ? null : { passed: lastReport.passed, codeHash: lastReport.codeHash, startedAt: lastReport.startedAt },
    approval,
    appliedVersionId,
    createdAt,
    updatedAt,
  };
}

function requireId(args: CliArguments, usageText: string): string {
  const [id] = args.positionals;
  if (id === undefined) throw usage(`Missing <id>. Usage: npm run cli -- ${usageText}`);
  return id;
}

function usage(message: string): AppError {
  return new AppError('USAGE', message, { hint: 'Run `npm run cli -- --help`.' });
}

function readText(file: string): string {
  try {
    return readFileSync(resolveUserPath(file), 'utf8');
  } catch (error) {
    throw new AppError('USAGE', `Cannot read ${resolveUserPath(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

export function print(args: CliArguments, json: unknown, text: string): void {
  process.stdout.write(`${args.json ? JSON.stringify(json) : text}\n`);
}
