/** Messages between the gates (agent's thread) and the type-check worker they share. */

/** A module's new source, not yet on disk. */
export interface CandidateSource {
  /** Absolute path of the file the source is for (it may not exist yet). */
  readonly path: string;
  readonly source: string;
  /**
   * The source serving now, which the candidate is compared with (an error it has too is not
   * the candidate's); default: the file on disk (for a reload, disk already holds the candidate).
   */
  readonly previous?: string;
}

/** Passed to the worker when it starts: everything it needs, since it shares no modules. */
export interface WorkerSettings {
  /** The `typescript` package's main file, resolved by the app (the worker is bundled apart). */
  readonly typescript: string;
  /** The app's `@types/node` entry, used when a workspace has none; null if missing. */
  readonly nodeTypes: string | null;
}

/** Each request names its workspace; the worker keeps one warm checker per workspace. */
export type WorkerRequest =
  | { readonly id: number; readonly root: string; readonly kind: 'check'; readonly files: readonly CandidateSource[] }
  /** Builds the programs ahead of the first change (parsing, lib files). */
  | { readonly id: number; readonly root: string; readonly kind: 'warm-up' }
  /** The workspace was closed: drop its checker. */
  | { readonly id: number; readonly root: string; readonly kind: 'close' };

/** A diagnostic as the compiler reports it: positions in the checked text, 1-based. */
export interface RawDiagnostic {
  /** Absolute path; null for a problem of the configuration. */
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly message: string;
}

export interface CheckOutcome {
  /** Errors the candidate brings. */
  readonly errors: readonly RawDiagnostic[];
  readonly preExisting: number;
  readonly filesChecked: number;
  readonly tsconfig: string | null;
  readonly ms: number;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly outcome: CheckOutcome }
  | { readonly id: number; readonly ok: false; readonly message: string };
