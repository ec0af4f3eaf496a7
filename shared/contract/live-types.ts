import type { ErrorCode } from '../errors';
import type { ModuleId, ProposalId, Sha256, VersionId } from '../ids';

/*
 * The one model of what is live, kept in the main process and pushed to every view: for each
 * module what runs, what would be restored, what the file on disk holds and what went wrong
 * last; for each proposal where it really stands (not only where its own record says it is).
 */

/** The module's file compared with the code that runs. */
export interface DiskState {
  /** SHA-256 of the file as it is now; null when it cannot be read. */
  readonly hash: Sha256 | null;
  /** The file differs from the running code: an edit saved but not loaded. */
  readonly changed: boolean;
  /** When the file was last written (ms since epoch), when known. */
  readonly modifiedAt: number | null;
}

export type FailureKind = 'reload_failed' | 'rolled_back' | 'load_failed';

/** Why a module does not run what was last tried: the cause in words and where it happened. */
export interface FailureExplanation {
  readonly kind: FailureKind;
  readonly at: number;
  readonly code: ErrorCode | null;
  /** The error as the code raised it ("Cannot read properties of undefined (reading 'x')"). */
  readonly message: string;
  /** The `.ts` line it points at ("knowledge_engine.ts:12:5"), when known. */
  readonly location: string | null;
  /** The check or call that failed ("smoke test", "call count_facts"), when known. */
  readonly failedAt: string | null;
  /** The version that failed (rolled back, or recorded as failed). */
  readonly failedVersionId: VersionId | null;
  /** For a rollback: the new "restored from …" entry and the version it restored. */
  readonly restoredVersionId: VersionId | null;
  readonly restoredFrom: VersionId | null;
  /** The workspace-relative file a rollback rewrote ("modules/knowledge_engine.ts"). */
  readonly file: string | null;
  /** Nothing happened to the module since: this failure is what explains its state now. */
  readonly current: boolean;
}

/**
 * A proposal's lifecycle as the truth says it, the same in every view: draft → sandboxed →
 * approved → applied, then superseded (a later change replaced it), rolled back (its change was
 * undone, automatically or by hand) or apply failed (tried, and rolled back at once).
 */
export type ProposalLifecycle =
  | 'draft'
  | 'sandboxed'
  | 'sandbox_failed'
  | 'approved'
  | 'applied'
  | 'superseded'
  | 'rolled_back'
  | 'apply_failed'
  | 'rejected';

export interface ProposalLive {
  readonly id: ProposalId;
  readonly lifecycle: ProposalLifecycle;
  /** The module the last apply wrote, when there was one. */
  readonly module: ModuleId | null;
  /** The version the proposal produced (applied) or that failed (apply failed). */
  readonly versionId: VersionId | null;
  /** The version serving now in that module, when it is not `versionId`. */
  readonly servingVersionId: VersionId | null;
  /** One line on what happened last ("rolled back: TypeError …"), or null. */
  readonly detail: string | null;
  readonly at: number | null;
  /** Apply is offered (approved, never applied, or a failed apply worth retrying). */
  readonly canApply: boolean;
}
