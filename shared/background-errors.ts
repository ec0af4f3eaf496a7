import type { ModuleId, Sha256 } from './ids';

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

/** A module's background errors as the panel shows them: how many, and the last. */
export interface BackgroundErrorSummary {
  readonly count: number;
  readonly last: BackgroundErrorInfo | null;
}
