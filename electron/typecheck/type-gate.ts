import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ProposalId } from '../../shared/ids';
import { formatTypeDiagnostic, typeErrorsSummary, type TypeCheckReport, type TypeDiagnostic, type VersionTypeCheck } from '../../shared/typecheck';
import { compilerPath } from './import-graph';
import type { CandidateSource, RawDiagnostic } from './protocol';
import { closeTypeCheck, typeCheckIn, warmUpTypeCheck } from './worker-host';
import { controlLog } from '../base/control-log';

const log = controlLog('typecheck');

/**
 * Where the lines of a candidate file came from when the user did not write them in that file:
 * proposal code merged into a module (append mode puts it after the original and a separator).
 */
export interface LineOrigin {
  readonly proposal: ProposalId;
  /** The first line of the file (1-based) that is proposal code. */
  readonly fromLine: number;
  /** The proposal's own line of each file line from `fromLine` on. */
  readonly lines: readonly number[];
}

export interface GateFile extends CandidateSource {
  readonly origin?: LineOrigin;
}

const MAX_LISTED = 50;

/**
 * The type-check gate of one workspace: checks a candidate (new sources of one or more modules,
 * not yet on disk) with the project's tsconfig in a worker thread, and locates each error where
 * the user wrote it. Off when the workspace's config says `"typeCheck": false`.
 */
export class TypeGate {
  readonly root: string;
  readonly enabled: boolean;

  constructor(root: string, enabled: boolean) {
    this.root = root;
    this.enabled = enabled;
  }

  async check(files: readonly GateFile[]): Promise<TypeCheckReport> {
    if (!this.enabled) return { checked: false, errors: [], preExisting: 0, filesChecked: 0, tsconfig: null, ms: 0 };
    const started = performance.now();
    const outcome = await typeCheckIn(this.root, files.map(({ origin: _origin, ...file }) => file));
    return {
      checked: true,
      errors: outcome.errors.map((raw) => this.locate(raw, files)),
      preExisting: outcome.preExisting,
      filesChecked: outcome.filesChecked,
      tsconfig: outcome.tsconfig === null ? null : this.relative(outcome.tsconfig),
      ms: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /** Starts the worker and builds the programs in the background (a long-running session does this). */
  warmUp(): void {
    if (!this.enabled) return;
    warmUpTypeCheck(this.root).catch((error: unknown) => log.error('warm-up failed', error));
  }

  /** Frees the workspace's checker in the worker (the worker itself serves other workspaces). */
  close(): Promise<void> {
    return closeTypeCheck(this.root).catch(() => undefined);
  }

  private locate(raw: RawDiagnostic, files: readonly GateFile[]): TypeDiagnostic {
    const base = { column: raw.column, code: raw.code, message: raw.message };
    if (raw.file === null) return { file: 'tsconfig', line: 0, ...base };
    const file = this.relative(raw.file);
    const origin = files.find((candidate) => compilerPath(candidate.path) === compilerPath(raw.file as string))?.origin;
    const proposalLine = origin === undefined || raw.line < origin.fromLine ? undefined : origin.lines[raw.line - origin.fromLine];
    if (origin === undefined || proposalLine === undefined || proposalLine === 0) return { file, line: raw.line, ...base };
    return { file: origin.proposal, line: proposalLine, ...base, proposal: origin.proposal, mergedInto: { file, line: raw.line } };
  }

  private relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }
}

/** The refusal of a change with type errors: one line, then the errors, then how to override. */
export function typeErrorsRefusal(report: TypeCheckReport, what: string): AppError {
  const listed = report.errors.slice(0, MAX_LISTED).map(formatTypeDiagnostic);
  const more = report.errors.length > MAX_LISTED ? [`… and ${report.errors.length - MAX_LISTED} more`] : [];
  return new AppError('TYPE_ERRORS', typeErrorsSummary(report, what), {
    hint: 'Fix them, or publish anyway with --allow-type-errors (recorded on the version).',
    details: [...listed, ...more],
  });
}

/** What a published version records: absent when nothing was checked. */
export function versionStamp(report: TypeCheckReport | null): VersionTypeCheck | undefined {
  if (report === null || !report.checked) return undefined;
  return report.errors.length === 0 ? { state: 'passed', errors: 0 } : { state: 'overridden', errors: report.errors.length };
}
