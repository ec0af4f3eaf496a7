import type { ErrorInfo } from './errors';
import type { ModuleId, ProposalId, Sha256, VersionId } from './ids';
import type { RerunForecast } from './reload-reruns';
import type { ResourceReport } from './resources';
import type { TypeCheckReport, VersionTypeCheck } from './typecheck';

/**
 * A recorded version of a module's source. Entries are only ever added; a version's state moves
 * forward (candidate → stable | failed | rolled_back) but nothing is rewritten or reordered.
 */
export type VersionState =
  | 'checkpoint'
  | 'candidate'
  | 'stable'
  | 'failed'
  | 'rolled_back'
  | 'pre_rollback'
  | 'restored';

export interface VersionInfo {
  readonly versionId: VersionId;
  readonly module: ModuleId;
  readonly hash: Sha256;
  readonly state: VersionState;
  /** Passed its checks and ran (a restored copy of a stable version is stable too). */
  readonly stable: boolean;
  readonly createdAt: number;
  readonly reason: string;
  readonly size: number;
  readonly restoredFrom: VersionId | null;
  readonly proposalId: ProposalId | null;
  /** On probation until this time (ms since epoch); null when not on probation. */
  readonly probationUntil: number | null;
  /** The type-check gate's verdict; absent when this content was never checked. */
  readonly typeCheck?: VersionTypeCheck;
}

/** One page of the timeline, newest first. */
export interface VersionPage {
  readonly versions: readonly VersionInfo[];
  /** Pass as `before` for the next (older) page; null when this page was the last. */
  readonly next: VersionId | null;
}

export type ReloadOutcome = 'reloaded' | 'refused' | 'failed' | 'rolled_back';

export interface CheckResult {
  readonly module: ModuleId;
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly message?: string;
  /** When the check failed on an assertion (node:assert): what it expected and what it got. */
  readonly assertion?: AssertionDetail;
}

/**
 * A failed assertion's values, each already rendered as text (util.inspect, depth- and
 * length-capped) where the check ran, so untrusted values never cross a process boundary.
 */
export interface AssertionDetail {
  /** node:assert's operator: `deepStrictEqual`, `strictEqual`, `==`, … */
  readonly operator: string;
  readonly expected: string;
  readonly actual: string;
}

/** A module whose top-level code ran (again) in a reload, and why. */
export interface ModuleRerun {
  readonly module: ModuleId;
  readonly reason: string;
  /** An entry point: its top-level code starts the agent, so a re-run restarts that part. */
  readonly entry?: boolean;
}

/** An importer that was not re-run although its dependency changed, and why that is safe. */
export interface ModuleKept {
  readonly module: ModuleId;
  readonly reason: string;
}

/** Calls still running on the replaced version when the drain timeout ended. */
export interface LateCalls {
  readonly count: number;
  readonly calls: readonly { readonly name: string; readonly ageMs: number }[];
  /** They finish on the old code; those still running after this many ms fail with CALL_ABANDONED. */
  readonly abandonAfterMs: number;
}

export interface ReloadRecord {
  readonly id: string;
  readonly module: ModuleId;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly oldHash: Sha256 | null;
  readonly newHash: Sha256 | null;
  readonly outcome: ReloadOutcome;
  readonly error: (ErrorInfo & { readonly stack?: string }) | null;
  readonly cascade: readonly ModuleId[];
  readonly checks: readonly CheckResult[];
  readonly versionId: VersionId | null;
  /** The type-check gate's report, when it ran (errors are listed where the user wrote them). */
  readonly typeCheck?: TypeCheckReport;
  /** Whose top-level code ran, the reloaded module first, each with why (absent in old records). */
  readonly reran?: readonly ModuleRerun[];
  /** Importers left running as they were, with why. */
  readonly kept?: readonly ModuleKept[];
  readonly lateCalls?: LateCalls;
  /** What could not be carried over to the new code, by name (a class member on old instances). */
  readonly notCarried?: readonly string[];
  /** What the replaced version still held when it was released: ended, or kept (and why), by name. */
  readonly resources?: ResourceReport;
}

export interface ReloadReport {
  readonly canReload: boolean;
  readonly reasons: readonly string[];
  readonly warnings: readonly string[];
  readonly dependents: readonly ModuleId[];
  readonly activeCalls: number;
  /** What each importer will do: keep running (live bindings) or re-run if what it read changes. */
  readonly reruns?: readonly RerunForecast[];
}
