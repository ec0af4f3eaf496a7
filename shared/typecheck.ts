import type { ProposalId } from './ids';

/**
 * One type error, located where the user wrote the code: the module's file and line, or — for
 * code that came from a proposal — the proposal's own line (`proposal` set, `line` in its code).
 */
export interface TypeDiagnostic {
  /** Path relative to the workspace root (`modules/knowledge_engine.ts`), or the proposal id. */
  readonly file: string;
  /** 1-based, in `file` (in the proposal's code when `proposal` is set). */
  readonly line: number;
  readonly column: number;
  /** TypeScript's error number (2322 for TS2322). */
  readonly code: number;
  readonly message: string;
  /** The proposal whose code this is, and the module file it was merged into with that line. */
  readonly proposal?: ProposalId;
  readonly mergedInto?: { readonly file: string; readonly line: number };
}

/** The gate's answer for one candidate (one or more modules' new source). */
export interface TypeCheckReport {
  /** False when the gate is off for this workspace (nothing was checked). */
  readonly checked: boolean;
  /** Errors the candidate brings (errors the workspace already had are not counted). */
  readonly errors: readonly TypeDiagnostic[];
  /** Errors already present without the candidate, left out of `errors`. */
  readonly preExisting: number;
  /** Files whose diagnostics were computed (the changed ones and their importers). */
  readonly filesChecked: number;
  /** The tsconfig used, relative to the root; null when the defaults were used. */
  readonly tsconfig: string | null;
  readonly ms: number;
}

/** What a version records about the gate: absent when it was never checked. */
export interface VersionTypeCheck {
  /** `passed`: no type errors; `overridden`: published with `errors` type errors on request. */
  readonly state: 'passed' | 'overridden';
  readonly errors: number;
}

/** `proposal_ab12:3:7 TS2322 Type 'string' is not assignable… (in modules/x.ts:48)`. */
export function formatTypeDiagnostic(diagnostic: TypeDiagnostic): string {
  const merged = diagnostic.mergedInto === undefined ? '' : ` (in ${diagnostic.mergedInto.file}:${diagnostic.mergedInto.line})`;
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} TS${diagnostic.code} ${diagnostic.message}${merged}`;
}

/** The one line that says why a change was refused. */
export function typeErrorsSummary(report: TypeCheckReport, what: string): string {
  const count = report.errors.length;
  return `${count} type error${count === 1 ? '' : 's'} in ${what}; not published.`;
}
