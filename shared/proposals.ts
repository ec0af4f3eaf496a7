import type { ErrorInfo } from './errors';
import type { AssertionDetail, ModuleKept, ModuleRerun } from './history';
import type { ModuleId, ProposalId, Sha256, VersionId } from './ids';
import type { RerunForecast } from './reload-reruns';
import type { TypeCheckReport } from './typecheck';

/** How proposal code is written into the target module. */
export type WriteMode = 'append' | 'replace';
export const WRITE_MODES: readonly WriteMode[] = ['append', 'replace'];

export type ProposalStatus = 'draft' | 'sandbox_passed' | 'sandbox_failed' | 'approved' | 'applied' | 'rejected';

export interface SandboxCheck {
  readonly name: string;
  readonly module: ModuleId | null;
  readonly ok: boolean;
  readonly ms: number;
  readonly output: string;
  /** Expected and actual values when the check failed on an assertion. */
  readonly assertion?: AssertionDetail;
}

export interface SandboxReport {
  readonly passed: boolean;
  /** SHA-256 of the proposal code the sandbox ran; approval needs a passed report for the current code. */
  readonly codeHash: Sha256;
  readonly targets: readonly ModuleId[];
  readonly mode: WriteMode;
  readonly checks: readonly SandboxCheck[];
  readonly startedAt: number;
  readonly durationMs: number;
  /** Which protections were in force (absent in reports from before they were recorded). */
  readonly protections?: SandboxProtections;
  /** The type-check gate's report on the files as Apply would write them. */
  readonly typeCheck?: TypeCheckReport;
}

/** One protection of a sandbox run, said plainly: in force or not, and how. */
export interface SandboxProtection {
  readonly name: string;
  readonly active: boolean;
  readonly detail: string;
}

export interface SandboxProtections {
  /** The OS-level sandbox that contained the run, or null when it ran without one. */
  readonly osSandbox: 'bubblewrap' | null;
  readonly list: readonly SandboxProtection[];
}

export interface ApprovalRecord {
  readonly codeHash: Sha256;
  readonly forced: boolean;
  readonly approvedAt: number;
  readonly by: string;
}

/** Why this target module was suggested, shown to the person who can change it. */
export interface TargetSuggestion {
  readonly module: ModuleId;
  readonly reason: 'annotation' | 'references' | 'feature text' | 'default' | 'chosen';
  /** The evidence in words ("uses count_facts, search"), for the person who may change it. */
  readonly detail?: string;
}

/**
 * Proposal tests (`Proposal.tests`) are a TypeScript module like a smoke test: its default export
 * is called in the sandbox, after the whole workspace loaded with the proposal applied, with an
 * object of every loaded module's exports keyed by module id. Throw (or reject) to fail:
 *
 *   import assert from 'node:assert/strict';
 *   export default function test(modules: { knowledge_engine: typeof import('./knowledge_engine') }) {
 *     assert.equal(modules.knowledge_engine.ke_status(), 'ok');
 *   }
 *
 * Tests run only in the sandbox (never against the running agent, whose state they could change).
 */
export type ProposalTestModules = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * A proposal's code may hold sections for several modules, each starting with a line
 * `// @target <module>`; each section is written into its module and all are applied as one.
 */
export const TARGET_ANNOTATION = /^[ \t]*\/\/[ \t]*@target[ \t]+([A-Za-z0-9_$@+\-[\]()./]+)[ \t]*$/;

export interface Proposal {
  readonly id: ProposalId;
  /** Exactly as typed (never lower-cased or trimmed). */
  readonly feature: string;
  readonly code: string;
  readonly codeHash: Sha256;
  readonly tests: string | null;
  readonly targets: readonly TargetSuggestion[];
  readonly mode: WriteMode;
  readonly status: ProposalStatus;
  readonly source: 'person' | 'model' | 'agent';
  readonly sandboxReports: readonly SandboxReport[];
  readonly approval: ApprovalRecord | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The version the apply produced (applied) or the last apply attempt's outcome. */
  readonly appliedVersionId: VersionId | null;
}

export interface ApplyPreview {
  readonly proposalId: ProposalId;
  readonly module: ModuleId;
  readonly mode: WriteMode;
  /** The module's file as it is now. */
  readonly original: string;
  /** The file as Apply would write it. */
  readonly result: string;
  /** Apply refuses if the file no longer has this hash. */
  readonly baseHash: Sha256;
  /** Exports the result would remove, dependents that will be re-instantiated, and the like. */
  readonly warnings: readonly string[];
  /**
   * Every file the apply writes (one per target module; the first is `module` above). For a
   * proposal with several targets, `baseHash` covers all of them.
   */
  readonly files?: readonly ApplyFilePreview[];
  /** What each importer of a target will do on the reload: keep running, or re-run and when. */
  readonly reruns?: readonly RerunForecast[];
}

export interface ApplyFilePreview {
  readonly module: ModuleId;
  readonly original: string;
  readonly result: string;
  /** SHA-256 of `original`. */
  readonly baseHash: Sha256;
  readonly added: number;
  readonly removed: number;
}

export type ApplyStepName = 'checkpoint' | 'write' | 'reload' | 'checks' | 'stable' | 'rollback';

export interface ApplyStep {
  readonly name: ApplyStepName;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail?: string;
}

export interface ApplyResult {
  readonly outcome: 'applied' | 'rolled_back' | 'refused';
  readonly proposalId: ProposalId;
  readonly module: ModuleId;
  readonly mode: WriteMode;
  readonly versionId: VersionId | null;
  readonly oldHash: Sha256;
  readonly newHash: Sha256 | null;
  readonly steps: readonly ApplyStep[];
  /** Where it failed (with the `.ts` line when there is one) and which version serves now. */
  readonly error?: ErrorInfo & { readonly location?: string; readonly restoredVersionId?: VersionId };
  /** Per target module (a proposal with several targets is applied all or nothing). */
  readonly modules?: readonly AppliedModule[];
  /** The type-check gate's report on the files as written (errors at the proposal's own lines). */
  readonly typeCheck?: TypeCheckReport;
  /** Whose top-level code ran in the reload, with why; and the importers that kept running. */
  readonly reran?: readonly ModuleRerun[];
  readonly kept?: readonly ModuleKept[];
}

export interface AppliedModule {
  readonly module: ModuleId;
  /** The version the apply recorded for this module (new on success, the failed content otherwise). */
  readonly versionId: VersionId | null;
  readonly oldHash: Sha256;
  readonly newHash: Sha256 | null;
  /** The version serving now. */
  readonly servingVersionId: VersionId | null;
  /** On probation until this time (ms since epoch), else null. */
  readonly probationUntil: number | null;
}
