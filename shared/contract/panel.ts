import { z } from 'zod';
import type { AgentLogEntry } from '../agent-log';
import type { AutoReloadEvent, AutoReloadState } from '../auto-reload';
import type { AgentCrash } from '../agent-status';
import type { RecordedBackgroundError } from '../background-errors';
import type { LateCallsState } from '../late-calls';
import type { ReloadRecord, VersionInfo, VersionPage } from '../history';
import type { ApplyPreview, ApplyResult, Proposal, SandboxReport } from '../proposals';
import { event, method, type ServiceSpec } from './define';
import type {
  ApplyAttemptInfo,
  ChangeActivity,
  ConsoleAnswer,
  ConsoleCompletion,
  HistoryChange,
  LineChange,
  ModuleOverview,
  ModuleSource,
  ProbationEnded,
  RollbackOutcome,
  RolledBack,
  VersionDetail,
  WorkspaceInfo,
} from './panel-types';
import type { ProposalLive } from './live-types';

export type * from './panel-types';
export type * from './live-types';
export type { AutoReloadEvent, AutoReloadState } from '../auto-reload';
export type { LateCall, LateCallsState } from '../late-calls';

const moduleName = z.string().min(1).max(128);
const versionId = z.string().min(1).max(128);
const empty = z.object({}).strict();
/** Enough for the whole history of a busy workspace; the timeline virtualises what it shows. */
export const MAX_HISTORY_LIMIT = 100_000;
/** A timeline page: what a screen shows, many times over. */
export const MAX_PAGE_SIZE = 1_000;
/** As many lines as the host keeps in memory. */
export const MAX_AGENT_LOG_LINES = 5_000;
const limit = z.number().int().positive().max(MAX_HISTORY_LIMIT).optional();
const proposalId = z.string().min(1).max(128);
const writeMode = z.enum(['append', 'replace']);
/** The service checks the real limits (feature length, module size) and says which was hit. */
const code = z.string().max(4 * 1024 * 1024);
const feature = z.string().max(100_000);

/** The contract between the main process (or headless host) and the panel. */
export const panelService = {
  methods: {
    workspaceInfo: method<WorkspaceInfo>()(empty),
    listModules: method<readonly ModuleOverview[]>()(empty),
    loadModule: method<ModuleOverview>()(z.object({ module: moduleName }).strict()),
    callFunction: method<unknown>()(
      z.object({ module: moduleName, fn: z.string().min(1).max(128), args: z.array(z.unknown()).max(64) }).strict(),
    ),
    /** The module's file as it is on disk now. */
    moduleSource: method<ModuleSource>()(z.object({ module: moduleName }).strict()),

    /** Versions newest first, of one module or of all (`module` null or left out). */
    listVersions: method<readonly VersionInfo[]>()(z.object({ module: moduleName.nullable().optional(), limit }).strict()),
    /** One page of versions newest first; pass the answer's `next` as `before` for the page after. */
    listVersionsPage: method<VersionPage>()(
      z.object({ module: moduleName.nullable().optional(), before: versionId.nullable().optional(), limit: z.number().int().positive().max(MAX_PAGE_SIZE) }).strict(),
    ),
    versionDetail: method<VersionDetail>()(z.object({ versionId }).strict()),
    /**
     * Lines added and removed by each version against the module's entry before it (the shared
     * line diff over the stored contents; a module's first version counts all its lines as added).
     * Ask for a page's ids at a time; unknown ids are left out of the answer.
     */
    versionLineChanges: method<Readonly<Record<string, LineChange>>>()(z.object({ versionIds: z.array(versionId).max(MAX_PAGE_SIZE) }).strict()),
    /** Restores a version: backs up the file, writes, reloads, adds a "restored from …" entry. */
    rollbackToVersion: method<RollbackOutcome>()(
      z.object({ versionId, reason: z.string().min(1).max(500).optional(), allowTypeErrors: z.boolean().optional() }).strict(),
    ),
    /** Reloads the module from its file on disk (after an edit saved outside the panel). */
    reloadModule: method<ReloadRecord>()(z.object({ module: moduleName }).strict()),
    /** Auto-reload on save for this workspace: on or off, and whether saves can be watched. */
    autoReloadState: method<AutoReloadState>()(empty),
    /** Turns auto-reload on save on or off for this workspace (saved in `.saraphina/settings.json`). */
    setAutoReload: method<AutoReloadState>()(z.object({ enabled: z.boolean() }).strict()),
    /** Ends the module's probation now: mark its version stable, or roll back to the last stable one. */
    endProbation: method<ModuleOverview>()(z.object({ module: moduleName, outcome: z.enum(['stable', 'roll_back']) }).strict()),
    /** Reload attempts newest first; a reload undone later by an automatic rollback reads "rolled_back". */
    listReloads: method<readonly ReloadRecord[]>()(z.object({ module: moduleName.nullable().optional(), limit }).strict()),

    /** Runs a console line through the session interpreter (natural-language triggers too). */
    consoleExecute: method<ConsoleAnswer>()(z.object({ line: z.string().max(20_000) }).strict()),
    /** Answers the question a console command asked; an empty answer takes its default. */
    consoleAnswer: method<ConsoleAnswer>()(z.object({ questionId: z.string().min(1).max(64), answer: z.string().max(1000) }).strict()),
    consoleComplete: method<ConsoleCompletion>()(z.object({ line: z.string().max(20_000) }).strict()),
    /** Refuses the question a command asked (a script that cannot answer): it ends changing nothing, failing with `message`. */
    consoleRefuse: method<ConsoleAnswer>()(
      z.object({ questionId: z.string().min(1).max(64), message: z.string().max(1000), hint: z.string().max(1000).optional() }).strict(),
    ),

    /** Proposals newest first. */
    listProposals: method<readonly Proposal[]>()(empty),
    createProposal: method<Proposal>()(
      z
        .object({ feature, code, tests: code.nullable().optional(), target: moduleName.optional(), mode: writeMode.optional() })
        .strict(),
    ),
    /** Drafts code (and a test) with the configured model; MODEL_NOT_CONFIGURED when there is none. */
    generateProposal: method<Proposal>()(z.object({ feature, target: moduleName.optional(), mode: writeMode.optional() }).strict()),
    /** New code sends the proposal back to draft (an approval is for one exact code). */
    updateProposalCode: method<Proposal>()(z.object({ id: proposalId, code, tests: code.nullable().optional() }).strict()),
    sandboxProposal: method<SandboxReport>()(z.object({ id: proposalId }).strict()),
    approveProposal: method<Proposal>()(z.object({ id: proposalId, force: z.boolean().optional() }).strict()),
    rejectProposal: method<Proposal>()(z.object({ id: proposalId }).strict()),
    /** The file now and as Apply would write it, with warnings; `baseHash` pins what was previewed. */
    previewApply: method<ApplyPreview>()(z.object({ id: proposalId, module: moduleName.optional(), mode: writeMode.optional() }).strict()),
    applyProposal: method<ApplyResult>()(
      z
        .object({
          id: proposalId,
          module: moduleName,
          mode: writeMode,
          baseHash: z.string().regex(/^[0-9a-f]{64}$/),
          allowTypeErrors: z.boolean().optional(),
          /** The probation window of this apply (the workspace's setting otherwise). */
          probationMs: z.number().int().min(0).max(600_000).optional(),
        })
        .strict(),
    ),
    proposalApplies: method<readonly ApplyAttemptInfo[]>()(z.object({ id: proposalId }).strict()),
    /** Every proposal's lifecycle as the history says it (applied, superseded, rolled back, …). */
    liveProposals: method<readonly ProposalLive[]>()(empty),

    /** Deaths of the agent process, newest first, as the history recorded them. */
    listAgentCrashes: method<readonly AgentCrash[]>()(z.object({ limit: z.number().int().positive().max(1000).optional() }).strict()),
    /** Errors module code raised in the background, newest first: this run of the agent's, then earlier runs'. */
    listBackgroundErrors: method<readonly RecordedBackgroundError[]>()(
      z.object({ module: moduleName.nullable().optional(), limit: z.number().int().positive().max(10_000).optional() }).strict(),
    ),
    /** Calls still running on versions a reload replaced (how they end comes as `lateCallsChanged`). */
    listLateCalls: method<readonly LateCallsState[]>()(empty),
    /** The agent's latest output lines, oldest first (module code's console, stdout and stderr). */
    agentLog: method<readonly AgentLogEntry[]>()(z.object({ limit: z.number().int().positive().max(MAX_AGENT_LOG_LINES).optional() }).strict()),
    /** Empties the lines every view shows; the workspace's log file keeps them. */
    clearAgentLog: method<null>()(empty),
  },
  events: {
    modulesChanged: event<readonly ModuleOverview[]>(),
    changeStarted: event<ChangeActivity>(),
    changeFinished: event<ChangeActivity>(),
    reloadFinished: event<ReloadRecord>(),
    historyChanged: event<HistoryChange>(),
    rolledBack: event<RolledBack>(),
    probationEnded: event<ProbationEnded>(),
    /** A proposal was created or moved on (code, sandbox report, approval, apply). */
    proposalChanged: event<Proposal>(),
    /** The lifecycles of every proposal, after anything that can move one (an apply, a rollback, a reload). */
    proposalsLiveChanged: event<readonly ProposalLive[]>(),
    /** Lines the agent printed since the last event, oldest first. */
    agentLogAppended: event<readonly AgentLogEntry[]>(),
    agentLogCleared: event<null>(),
    autoReloadChanged: event<AutoReloadState>(),
    /** A saved file being reloaded by auto-reload, then how it went. */
    autoReloaded: event<AutoReloadEvent>(),
    /** Late calls of a replaced version: started, one settled, all settled, or the rest given up. */
    lateCallsChanged: event<LateCallsState>(),
  },
} as const satisfies ServiceSpec;

export type PanelService = typeof panelService;
