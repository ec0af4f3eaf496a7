import type { BackgroundErrorSummary } from '../background-errors';
import type { ErrorInfo } from '../errors';
import type { ReloadOutcome, ReloadRecord, VersionInfo } from '../history';
import type { ModuleId, ProposalId, Sha256, VersionId } from '../ids';
import type { ApplyResult } from '../proposals';
import type { DiskState, FailureExplanation } from './live-types';

export type ModuleState = 'loaded' | 'not_loaded' | 'failed' | 'declined';

export interface ModuleInfo {
  readonly id: ModuleId;
  /** SHA-256 of the loaded version's source; of the file on disk when not loaded; null when unreadable. */
  readonly hash: Sha256 | null;
  readonly loaded: boolean;
  readonly state: ModuleState;
  readonly dependencies: readonly ModuleId[];
  readonly dependents: readonly ModuleId[];
  readonly transitiveDependents: readonly ModuleId[];
  readonly nativeAddon: boolean;
  readonly inFlight: number;
  readonly lastError: ErrorInfo | null;
}

/**
 * What the sidebar says about a module, most pressing first: a failed load, a failed last
 * reload, a version on probation, a module that declines reloads, not loaded, else stable.
 */
export type ModuleHealth = 'load_failed' | 'reload_failed' | 'probation' | 'declined' | 'not_loaded' | 'stable';

export interface LastReload {
  readonly outcome: ReloadOutcome;
  readonly startedAt: number;
  readonly error: ErrorInfo | null;
}

/** A module as the panel shows it: the runtime's view plus its version history's. */
export interface ModuleOverview extends ModuleInfo {
  readonly health: ModuleHealth;
  /** The version that is on disk and serving (the module's head), when one is recorded. */
  readonly currentVersionId: VersionId | null;
  readonly probationUntil: number | null;
  readonly lastReload: LastReload | null;
  /** Where an automatic rollback would go: the newest version that passed its checks and ran. */
  readonly lastStableVersionId: VersionId | null;
  /** The file on disk compared with the running code. */
  readonly disk: DiskState;
  /** The last failure (with its cause), or null when the module never failed recently. */
  readonly lastFailure: FailureExplanation | null;
  /** Errors its code raised in the background since the agent started (the agent kept running). */
  readonly backgroundErrors: BackgroundErrorSummary;
}

export interface WorkspaceInfo {
  readonly root: string;
  readonly appVersion: string;
  /** The language model that drafts proposals ("gpt-x at https://…"), or null when none is set. */
  readonly model: string | null;
}

/** What a version changed against the entry before it, in lines. */
export interface LineChange {
  readonly added: number;
  readonly removed: number;
}

/** A module's file as it is on disk now. */
export interface ModuleSource {
  readonly module: ModuleId;
  readonly content: string;
  readonly hash: Sha256;
}

/** One version with its content, and the module's version before it (for "diff to previous"). */
export interface VersionDetail {
  readonly version: VersionInfo;
  readonly content: string;
  readonly previous: VersionInfo | null;
  readonly previousContent: string | null;
}

/** What a rollback did: the new "restored from …" entry and the backup of what was there. */
export interface RollbackOutcome {
  readonly module: ModuleId;
  readonly restoredFrom: VersionId;
  readonly versionId: VersionId;
  readonly preRollbackVersionId: VersionId;
  readonly hash: Sha256;
  readonly reload: ReloadRecord | null;
}

/**
 * The console's answer to a line: done (with the text a terminal would print), or a question
 * the command asks before it goes on (answer it with `consoleAnswer`).
 */
export type ConsoleAnswer =
  | { readonly kind: 'done'; readonly ok: true; readonly command: string; readonly text: string; readonly result: unknown }
  | { readonly kind: 'done'; readonly ok: false; readonly command: string; readonly error: ErrorInfo }
  | {
      readonly kind: 'question';
      readonly command: string;
      readonly questionId: string;
      readonly question: string;
      /** The flag that answers this question up front (e.g. `--yes`). */
      readonly flag: string;
      readonly defaultAnswer: string | null;
      /** The answers that make sense (module ids, append/replace, yes/no); empty when any text goes. */
      readonly choices?: readonly string[];
    };

export interface ConsoleCompletion {
  /** Replacements for the text from `from` to the end of the line. */
  readonly from: number;
  readonly candidates: readonly string[];
}

export type ChangeKind = 'reload' | 'rollback' | 'apply';

export interface ChangeActivity {
  readonly change: ChangeKind;
  readonly module: ModuleId;
  readonly startedAt: number;
}

export interface HistoryChange {
  /** New entries, newest first. */
  readonly added: readonly VersionInfo[];
  /** Entries whose state moved on (candidate → stable, probation cleared, …). */
  readonly updated: readonly VersionInfo[];
}

export interface RolledBack {
  readonly module: ModuleId;
  readonly versionId: VersionId;
  readonly restoredFrom: VersionId;
  readonly hash: Sha256;
  /** The backup of what was there before (restore it to undo this rollback). */
  readonly backupVersionId?: VersionId | null;
  /** Why, for an automatic rollback (error, `.ts` line, what failed, the file rewritten); null for one asked for. */
  readonly cause?: FailureExplanation | null;
}

export interface ProbationEnded {
  readonly version: VersionInfo;
  readonly stable: boolean;
}

/** One attempt to apply a proposal, as recorded (also refused and rolled-back ones). */
export interface ApplyAttemptInfo {
  readonly proposalId: ProposalId;
  readonly startedAt: number;
  readonly result: ApplyResult;
}
