import { AppError } from '../../shared/errors';
import { isModuleIdShape, type ModuleId, type ProposalId } from '../../shared/ids';
import type { ApplyPreview, ApplyResult, Proposal, SandboxReport, WriteMode } from '../../shared/proposals';
import { ObservedChangeJournal } from '../engine/engine-events';
import type { Engine } from '../engine/open-engine';
import type { SandboxSettings } from '../engine/workspace-config';
import { sha256 } from '../base/sha256';
import { runSandbox } from '../sandbox/run-sandbox';
import type { ChangeJournal } from '../store/journal';
import { ProposalStore, type ApplyAttempt, type ProposalRecord } from '../store/proposal-store';
import { gateFiles, planApply, previewOf } from './apply-plan';
import { withTypeCheck } from './sandbox-type-check';
import { applyPlanNow, type ApplyEngine, type ApplyOptions } from './apply-transaction';
import { buildPrompt, parseReply } from './model-prompt';
import { providerFromSettings, type ModelProvider } from './model-provider';
import { checkCode, checkFeature, checkMode, currentUser, newProposalId, notApplicable } from './proposal-rules';
import { suggestTargets, type ModuleFacts } from './target-selection';
import { controlLog } from '../base/control-log';

const log = controlLog('proposals');

export interface ProposalServiceOptions {
  /** Default: the provider configured in saraphina.config.json (off unless configured). */
  readonly provider?: ModelProvider;
  /** Override the workspace's sandbox limits (tests use short ones). */
  readonly sandbox?: Partial<SandboxSettings>;
}

export interface CreateProposalInput {
  readonly feature: string;
  readonly code: string;
  readonly tests?: string | null;
  readonly target?: string;
  readonly mode?: WriteMode;
  readonly source?: Proposal['source'];
}

/**
 * Code proposals from a person, the agent or a language model: stored, tested in a sandbox
 * process, approved (pinned to the SHA-256 of the code approved) and applied into their target
 * modules as one transaction. One service for the terminal, the CLI and the panel.
 * Every change is announced through `onDidChange`.
 */
/** What proposals use of the engine: what an apply needs, plus the config, the database and its events. */
export type ProposalEngine = ApplyEngine & Pick<Engine, 'config' | 'db' | 'events'>;

export class ProposalService {
  private readonly engine: ProposalEngine;
  private readonly store: ProposalStore;
  private readonly journal: ChangeJournal;
  private readonly options: ProposalServiceOptions;
  private readonly listeners = new Set<(proposal: Proposal) => void>();
  private readonly sandboxing = new Set<ProposalId>();

  constructor(engine: ProposalEngine, options: ProposalServiceOptions = {}) {
    this.engine = engine;
    this.store = new ProposalStore(engine.db);
    this.journal = new ObservedChangeJournal(engine.db, engine.events);
    this.options = options;
  }

  create(input: CreateProposalInput): Proposal {
    const feature = checkFeature(input.feature);
    const code = checkCode(input.code);
    const mode = checkMode(input.mode);
    const now = Date.now();
    const record: ProposalRecord = {
      id: newProposalId(),
      feature,
      code,
      codeHash: sha256(code),
      tests: input.tests ?? null,
      targets: this.targetsFor(code, feature, input.target),
      mode,
      status: 'draft',
      source: input.source ?? 'person',
      approval: null,
      createdAt: now,
      updatedAt: now,
      appliedVersionId: null,
    };
    this.store.insert(record);
    return this.changed(record.id);
  }

  /** Asks the configured model for code and a test for `feature`; MODEL_NOT_CONFIGURED when off. */
  async generate(input: { feature: string; target?: string; mode?: WriteMode }): Promise<Proposal> {
    const feature = checkFeature(input.feature);
    const mode = checkMode(input.mode);
    const provider = this.options.provider ?? providerFromSettings(this.engine.config.model);
    const module = input.target === undefined ? (suggestTargets('', feature, this.moduleFacts())[0]?.module as ModuleId) : this.existing(input.target);
    const { runtime } = this.engine;
    const live = runtime.current(module)?.exports ?? {};
    const exports = Object.keys(live).map((name) => `${name} (${typeof live[name] === 'function' ? 'function' : typeof live[name]})`);
    const reply = await provider.complete(
      buildPrompt({ feature, module, mode, source: runtime.workspace.readModuleSource(module), exports, dependents: runtime.graph.dependents(module) }),
    );
    const { code, tests } = parseReply(reply);
    return this.create({ feature, code, tests, target: module, mode, source: 'model' });
  }

  /** Newest first. */
  list(): Proposal[] {
    return this.store.list();
  }

  get(id: string): Proposal {
    const proposal = this.store.get(id);
    if (proposal === null) {
      throw new AppError('PROPOSAL_NOT_FOUND', `No proposal "${id}".`, { hint: 'List proposals with /proposals.' });
    }
    return proposal;
  }

  /** New code sends the proposal back to draft: its approval was for other code. */
  updateCode(id: string, code: string, tests?: string | null): Proposal {
    const proposal = this.changeable(id);
    const checked = checkCode(code);
    const chosen = proposal.targets[0]?.reason === 'chosen' ? proposal.targets[0].module : undefined;
    this.save(proposal, {
      code: checked,
      codeHash: sha256(checked),
      tests: tests === undefined ? proposal.tests : tests,
      targets: this.targetsFor(checked, proposal.feature, chosen),
      status: 'draft',
      approval: null,
    });
    return this.changed(id);
  }

  async sandbox(id: string): Promise<SandboxReport> {
    const proposal = this.changeable(id);
    if (this.sandboxing.has(proposal.id)) {
      throw new AppError('INVALID_STATE', `The sandbox is already running for ${proposal.id}.`, { hint: 'Wait for its report.' });
    }
    this.sandboxing.add(proposal.id);
    try {
      const plan = planApply(this.engine.runtime, proposal);
      const limits = { ...this.engine.config.sandbox, ...this.options.sandbox };
      // The type check first (in its worker), so it never competes with the sandbox's time limits.
      const typeCheck = await this.engine.typeGate.check(gateFiles(this.engine.runtime, plan));
      const sandboxReport = await runSandbox({ runtime: this.engine.runtime, config: this.engine.config, proposal, plan }, limits);
      const report = withTypeCheck(sandboxReport, typeCheck, plan.module);
      this.store.addReport(proposal.id, report);
      const now = this.get(id);
      if (now.codeHash === report.codeHash && now.status !== 'applied' && now.status !== 'rejected') {
        if (!report.passed) this.save(now, { status: 'sandbox_failed', approval: null });
        else if (now.status !== 'approved') this.save(now, { status: 'sandbox_passed' });
      }
      this.changed(id);
      return report;
    } finally {
      this.sandboxing.delete(proposal.id);
    }
  }

  /** Needs a passed sandbox run of the current code inside the OS sandbox, unless forced (recorded as forced). */
  approve(id: string, options: { force?: boolean; by?: string } = {}): Proposal {
    const proposal = this.changeable(id);
    const report = proposal.sandboxReports.filter((candidate) => candidate.codeHash === proposal.codeHash).at(-1);
    const force = options.force === true;
    if (report === undefined && !force) {
      throw new AppError('INVALID_STATE', `${proposal.id} has not been through the sandbox.`, {
        hint: `Run /sandbox-code ${proposal.id} first, or approve anyway with --force.`,
      });
    }
    if (report !== undefined && !report.passed && !force) {
      const failed = report.checks.filter((check) => !check.ok).map((check) => `${check.module ?? ''} ${check.name}`.trim());
      throw new AppError('SANDBOX_FAILED', `${proposal.id} failed its sandbox (${failed.join(', ')}); not approved.`, {
        hint: 'Fix the code and run the sandbox again, or approve anyway with --force.',
      });
    }
    if (report !== undefined && report.passed && report.protections?.osSandbox == null && !force) {
      throw new AppError('SANDBOX_UNCONFINED', `${proposal.id} passed its sandbox without an OS sandbox (bubblewrap): its code could reach your files, network and processes; not approved.`, {
        hint: 'Install bubblewrap and run the sandbox again, or acknowledge with --force.',
      });
    }
    const forced = report === undefined || !report.passed || report.protections?.osSandbox == null;
    const by = options.by ?? currentUser();
    this.save(proposal, { status: 'approved', approval: { codeHash: proposal.codeHash, forced, approvedAt: Date.now(), by } });
    return this.changed(id);
  }

  reject(id: string): Proposal {
    const proposal = this.get(id);
    if (proposal.status === 'applied') {
      throw new AppError('INVALID_STATE', `${proposal.id} is already applied.`, { hint: 'Roll back with /rollback instead.' });
    }
    this.save(proposal, { status: 'rejected' });
    return this.changed(id);
  }

  preview(id: string, module?: string, mode?: WriteMode): ApplyPreview {
    const proposal = this.get(id);
    return previewOf(this.engine.runtime, proposal, planApply(this.engine.runtime, proposal, module, mode === undefined ? undefined : checkMode(mode)));
  }

  /**
   * Refused (nothing written) unless approved for this exact code and the files are as previewed.
   * A new version goes on probation (workspace config, or `options.probationMs`; 0 = stable now).
   */
  async apply(id: string, module: string, mode: WriteMode, baseHash: string, options: ApplyOptions = {}): Promise<ApplyResult> {
    const proposal = this.get(id);
    const plan = planApply(this.engine.runtime, proposal, module, checkMode(mode));
    const startedAt = Date.now();
    const refusal = notApplicable(proposal);
    const result: ApplyResult =
      refusal === null
        ? await applyPlanNow(this.engine, this.journal, plan, baseHash, options)
        : { outcome: 'refused', proposalId: proposal.id, module: plan.module, mode: plan.mode, versionId: null, oldHash: plan.files[0]?.baseHash as ApplyResult['oldHash'], newHash: null, steps: [], error: refusal };
    this.store.addApply({ proposalId: proposal.id, startedAt, result });
    if (result.outcome !== 'refused') {
      const now = this.get(id);
      this.save(now, { ...(result.outcome === 'applied' ? { status: 'applied' as const } : {}), appliedVersionId: result.versionId });
      this.changed(id);
    }
    return result;
  }

  /** Every apply attempt of a proposal, oldest first. */
  applyAttempts(id: string): ApplyAttempt[] {
    return this.store.applies(this.get(id).id);
  }

  onDidChange(listener: (proposal: Proposal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private targetsFor(code: string, feature: string, target: string | undefined): Proposal['targets'] {
    if (target !== undefined) return [{ module: this.existing(target), reason: 'chosen', detail: 'chosen by the proposer' }];
    const targets = suggestTargets(code, feature, this.moduleFacts());
    return targets.map((suggestion) => ({ ...suggestion, module: this.existing(suggestion.module) }));
  }

  private moduleFacts(): ModuleFacts[] {
    const { runtime } = this.engine;
    return runtime.workspace.listModuleIds().map((id) => ({ id, exports: Object.keys(runtime.current(id)?.exports ?? {}) }));
  }

  private existing(module: string): ModuleId {
    const { workspace } = this.engine.runtime;
    const id = workspace.parseModuleId(module);
    if (!isModuleIdShape(id) || !workspace.listModuleIds().includes(id)) {
      throw new AppError('MODULE_NOT_FOUND', `No module "${module}" in this workspace.`, {
        hint: `Modules: ${workspace.listModuleIds().join(', ')}.`,
      });
    }
    return id;
  }

  private changeable(id: string): Proposal {
    const proposal = this.get(id);
    if (proposal.status === 'applied' || proposal.status === 'rejected') {
      throw new AppError('INVALID_STATE', `${proposal.id} is ${proposal.status}.`, { hint: 'Propose the change again with /propose-code.' });
    }
    return proposal;
  }

  private save(proposal: Proposal, changes: Partial<ProposalRecord>): void {
    const { sandboxReports: _reports, ...record } = proposal;
    this.store.update({ ...record, ...changes, updatedAt: Date.now() });
  }

  private changed(id: string): Proposal {
    const proposal = this.get(id);
    for (const listener of [...this.listeners]) {
      try {
        listener(proposal);
      } catch (error) {
        log.error('a change listener failed', error);
      }
    }
    return proposal;
  }
}
