import type { ReloadRecord } from '../../shared/history';
import type { ProposalId } from '../../shared/ids';
import type { VersionTypeCheck } from '../../shared/typecheck';

export interface ReloadOptions {
  /** Run the smoke tests (of the module and its dependents) as checks. Default true. */
  readonly testAfterReload?: boolean;
  /** Probation window; 0 marks the new version stable at once. Default from the workspace config. */
  readonly probationMs?: number;
  /** Allow the new version to drop exports (the caller knows no one uses them). */
  readonly allowRemovedExports?: boolean;
  /** New source; default: the module's file as it is on disk now. */
  readonly source?: string;
  /** Why, for the version history. */
  readonly reason?: string;
  readonly proposalId?: ProposalId;
  /** Add a version entry for the new content (a rollback adds its own "restored" entry). */
  readonly recordVersion?: boolean;
  /** Publish even with type errors (the override is recorded on the version). */
  readonly allowTypeErrors?: boolean;
  /**
   * The caller already ran the type-check gate (apply checks all its files at once) or skips it
   * on purpose (restoring a known version): recorded as given, null for "not checked".
   */
  readonly typeChecked?: VersionTypeCheck | null;
}

/** The answer to a reload: what was recorded in the reload history. */
export type ReloadResult = ReloadRecord;
