import type { ErrorInfo } from '../../shared/errors';
import type { ModuleId, Sha256 } from '../../shared/ids';
import type { SandboxCheck } from '../../shared/proposals';
import type { ModuleSettings } from '../engine/workspace-config';

/** The kind of an export, enough to rebuild a stand-in for the "exports kept" checks. */
export type ExportKind = 'class' | 'function' | 'value';

/** TypeScript compiled by the parent (the sandbox itself may not start esbuild's process). */
export type PrecompiledEntry =
  | { readonly hash: Sha256; readonly code: string; readonly map: string; readonly topLevelAwait?: boolean }
  | { readonly hash: Sha256; readonly error: ErrorInfo };

/** What the parent hands the sandbox process (as `job.json` in the sandbox folder). */
export interface SandboxJob {
  /** The sandbox's copy of the workspace, with the proposal applied. */
  readonly root: string;
  /** Modules the proposal writes; they and their dependents are checked. */
  readonly targets: readonly ModuleId[];
  /** `modules/__proposal.test.ts` when the proposal has tests. */
  readonly testsFile: string | null;
  /** Exports of each module as the running agent has them (what a new version must keep). */
  readonly previousExports: Readonly<Record<string, Readonly<Record<string, ExportKind>>>>;
  readonly settings: Readonly<Record<string, ModuleSettings>>;
  readonly evalTimeoutMs: number;
  readonly callTimeoutMs: number;
  /** Keyed by absolute file name. */
  readonly precompiled: Readonly<Record<string, PrecompiledEntry>>;
  /** The app's allowed-hosts proxy (network-proxy.ts), or null for no network at all. */
  readonly proxySocket: string | null;
}

/**
 * Messages from the sandbox process, one JSON line each on file descriptor REPORT_FD, prefixed
 * with the run's secret: each check as it ends, then done with how many checks were sent.
 */
export type SandboxMessage = { readonly type: 'check'; readonly check: SandboxCheck } | { readonly type: 'done'; readonly checks: number };

/** The report pipe's file descriptor in the sandbox process (0–2 are stdio). */
export const REPORT_FD = 3;
/** Longest output kept per check (the rest is cut with a note). */
export const CHECK_OUTPUT_LIMIT = 4096;
/** Longest expected or actual value text per failed assertion (assertion-detail.ts caps below it). */
export const ASSERTION_TEXT_LIMIT = 2048;
export const ASSERTION_OPERATOR_LIMIT = 40;

export const TESTS_FILE = '__proposal.test.ts';
