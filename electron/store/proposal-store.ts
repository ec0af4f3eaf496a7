import type { ProposalId, Sha256, VersionId } from '../../shared/ids';
import type {
  ApplyResult,
  ApprovalRecord,
  Proposal,
  ProposalStatus,
  SandboxReport,
  TargetSuggestion,
  WriteMode,
} from '../../shared/proposals';
import type { StateDatabase } from './database';

interface ProposalRow {
  id: string;
  feature: string;
  code: string;
  code_hash: string;
  tests: string | null;
  targets: string;
  mode: WriteMode;
  status: ProposalStatus;
  source: Proposal['source'];
  approval: string | null;
  created_at: number;
  updated_at: number;
  applied_version_id: string | null;
}

/** A proposal as stored, without its sandbox reports (kept in their own table). */
export type ProposalRecord = Omit<Proposal, 'sandboxReports'>;

export interface ApplyAttempt {
  readonly proposalId: ProposalId;
  readonly startedAt: number;
  readonly result: ApplyResult;
}

/**
 * Proposals in the workspace's state database. Reports and apply attempts are only appended;
 * a proposal row changes as it moves through its statuses.
 */
export class ProposalStore {
  private readonly db: StateDatabase;
  private readonly statements;

  constructor(db: StateDatabase) {
    this.db = db;
    this.statements = {
      insert: db.prepare(`INSERT INTO proposals
        (id, feature, code, code_hash, tests, targets, mode, status, source, approval, created_at, updated_at, applied_version_id)
        VALUES (@id, @feature, @code, @codeHash, @tests, @targets, @mode, @status, @source, @approval, @createdAt, @updatedAt, @appliedVersionId)`),
      update: db.prepare(`UPDATE proposals SET code = @code, code_hash = @codeHash, tests = @tests, targets = @targets,
        mode = @mode, status = @status, approval = @approval, updated_at = @updatedAt, applied_version_id = @appliedVersionId
        WHERE id = @id`),
      byId: db.prepare('SELECT * FROM proposals WHERE id = ?'),
      all: db.prepare('SELECT * FROM proposals ORDER BY seq DESC LIMIT ?'),
      insertReport: db.prepare(
        'INSERT INTO sandbox_reports (proposal_id, code_hash, passed, report, started_at) VALUES (?, ?, ?, ?, ?)',
      ),
      reports: db.prepare('SELECT report FROM sandbox_reports WHERE proposal_id = ? ORDER BY seq'),
      insertApply: db.prepare('INSERT INTO proposal_applies (proposal_id, started_at, outcome, result) VALUES (?, ?, ?, ?)'),
      applies: db.prepare('SELECT proposal_id, started_at, result FROM proposal_applies WHERE proposal_id = ? ORDER BY seq'),
    };
  }

  insert(record: ProposalRecord): void {
    this.statements.insert.run(toRow(record));
  }

  update(record: ProposalRecord): void {
    this.statements.update.run(toRow(record));
  }

  get(id: string): Proposal | null {
    const row = this.statements.byId.get(id) as ProposalRow | undefined;
    return row === undefined ? null : this.withReports(row);
  }

  /** Newest first. */
  list(limit = 1000): Proposal[] {
    return (this.statements.all.all(limit) as ProposalRow[]).map((row) => this.withReports(row));
  }

  addReport(proposalId: ProposalId, report: SandboxReport): void {
    this.statements.insertReport.run(proposalId, report.codeHash, report.passed ? 1 : 0, JSON.stringify(report), report.startedAt);
  }

  addApply(attempt: ApplyAttempt): void {
    const { proposalId, startedAt, result } = attempt;
    this.statements.insertApply.run(proposalId, startedAt, result.outcome, JSON.stringify(result));
  }

  applies(proposalId: ProposalId): ApplyAttempt[] {
    const rows = this.statements.applies.all(proposalId) as { proposal_id: string; started_at: number; result: string }[];
    return rows.map((row) => ({
      proposalId: row.proposal_id as ProposalId,
      startedAt: row.started_at,
      result: JSON.parse(row.result) as ApplyResult,
    }));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private withReports(row: ProposalRow): Proposal {
    const reports = (this.statements.reports.all(row.id) as { report: string }[]).map(
      (report) => JSON.parse(report.report) as SandboxReport,
    );
    return { ...fromRow(row), sandboxReports: reports };
  }
}

function toRow(record: ProposalRecord): Record<string, unknown> {
  return {
    id: record.id,
    feature: record.feature,
    code: record.code,
    codeHash: record.codeHash,
    tests: record.tests,
    targets: JSON.stringify(record.targets),
    mode: record.mode,
    status: record.status,
    source: record.source,
    approval: record.approval === null ? null : JSON.stringify(record.approval),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    appliedVersionId: record.appliedVersionId,
  };
}

function fromRow(row: ProposalRow): ProposalRecord {
  return {
    id: row.id as ProposalId,
    feature: row.feature,
    code: row.code,
    codeHash: row.code_hash as Sha256,
    tests: row.tests,
    targets: JSON.parse(row.targets) as TargetSuggestion[],
    mode: row.mode,
    status: row.status,
    source: row.source,
    approval: row.approval === null ? null : (JSON.parse(row.approval) as ApprovalRecord),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    appliedVersionId: row.applied_version_id as VersionId | null,
  };
}
