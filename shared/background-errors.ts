import type { ModuleId, Sha256, VersionId } from './ids';

export type BackgroundErrorKind = 'uncaught exception' | 'unhandled rejection';

/**
 * An error module code raised with no caller to catch it (a timer, a listener, an I/O callback,
 * a rejected promise nobody awaited, an `'error'` event with no listener). The agent keeps
 * running; the error is attributed to the module version that raised it.
 */
export interface BackgroundErrorInfo {
  readonly module: ModuleId;
  /** The source hash of the version that raised it. */
  readonly hash: Sha256;
  readonly kind: BackgroundErrorKind;
  readonly message: string;
  /** The first frame in a workspace module, at its `.ts` line ("src/bot.ts:12:5"), when known. */
  readonly location: string | null;
  /** The stack with `.ts` lines (for logs and the audit, not for the one-line view). */
  readonly stack: string;
  readonly at: number;
  /** `rolled_back`: the version was on probation and was rolled back; else only recorded. */
  readonly action: 'rolled_back' | 'recorded';
}

/**
 * A background error as the history keeps it (in state.db, so it outlives a crash or restart of
 * the agent): the same error raised again in one run of the agent is one entry with a count.
 */
export interface RecordedBackgroundError extends BackgroundErrorInfo {
  /** The version's id in the history, when it has one (a candidate on trial has none yet). */
  readonly versionId: VersionId | null;
  /** How many times it was raised in that run: first at `firstAt`, last at `at`. */
  readonly count: number;
  readonly firstAt: number;
  /** Raised by an earlier run of the agent process: before it crashed, restarted or stopped. */
  readonly earlierRun: boolean;
}

/** A module's background errors as the panel shows them: how many ever (never trimmed), and the last. */
export interface BackgroundErrorSummary {
  readonly count: number;
  readonly last: RecordedBackgroundError | null;
}
