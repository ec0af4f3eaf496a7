import type { ErrorInfo } from './errors';
import type { ModuleId, ProposalId, Sha256, VersionId } from './ids';

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
}

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
}
