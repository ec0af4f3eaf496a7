import type { ReloadRecord } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { StateDatabase } from './database';

interface ReloadRow {
  id: string;
  module: string;
  started_at: number;
  duration_ms: number;
  phases: string;
  old_hash: string | null;
  new_hash: string | null;
  outcome: ReloadRecord['outcome'];
  error: string | null;
  cascade: string;
  checks: string;
  version_id: string | null;
  type_check: string | null;
  report: string | null;
}

type ReloadReportFields = Pick<ReloadRecord, 'reran' | 'kept' | 'lateCalls' | 'notCarried' | 'resources'>;

/** Every reload attempt, in SQLite so the history survives restarts. */
export class ReloadLog {
  private readonly insert;
  private readonly recent;
  private readonly recentOfModule;

  constructor(db: StateDatabase) {
    this.insert = db.prepare(`INSERT INTO reloads
      (id, module, started_at, duration_ms, phases, old_hash, new_hash, outcome, error, cascade, checks, version_id, type_check, report)
      VALUES (@id, @module, @startedAt, @durationMs, @phases, @oldHash, @newHash, @outcome, @error, @cascade, @checks, @versionId, @typeCheck, @report)`);
    this.recent = db.prepare('SELECT * FROM reloads ORDER BY seq DESC LIMIT ?');
    this.recentOfModule = db.prepare('SELECT * FROM reloads WHERE module = ? ORDER BY seq DESC LIMIT ?');
  }

  add(record: ReloadRecord): void {
    const { reran, kept, lateCalls, notCarried, resources, ...rest } = record;
    const report = { reran, kept, lateCalls, notCarried, resources };
    const hasReport = Object.values(report).some((value) => value !== undefined);
    this.insert.run({
      ...rest,
      report: hasReport ? JSON.stringify(report) : null,
      phases: JSON.stringify(record.phases),
      error: record.error === null ? null : JSON.stringify(record.error),
      cascade: JSON.stringify(record.cascade),
      checks: JSON.stringify(record.checks),
      typeCheck: record.typeCheck === undefined ? null : JSON.stringify(record.typeCheck),
    });
  }

  list(limit: number, module: ModuleId | null = null): ReloadRecord[] {
    const rows = (module === null ? this.recent.all(limit) : this.recentOfModule.all(module, limit)) as ReloadRow[];
    return rows.map((row) => ({
      id: row.id,
      module: row.module as ModuleId,
      startedAt: row.started_at,
      durationMs: row.duration_ms,
      phases: JSON.parse(row.phases) as ReloadRecord['phases'],
      oldHash: row.old_hash as ReloadRecord['oldHash'],
      newHash: row.new_hash as ReloadRecord['newHash'],
      outcome: row.outcome,
      error: row.error === null ? null : (JSON.parse(row.error) as ReloadRecord['error']),
      cascade: JSON.parse(row.cascade) as ReloadRecord['cascade'],
      checks: JSON.parse(row.checks) as ReloadRecord['checks'],
      versionId: row.version_id as ReloadRecord['versionId'],
      ...(row.type_check === null ? {} : { typeCheck: JSON.parse(row.type_check) as NonNullable<ReloadRecord['typeCheck']> }),
      ...(row.report === null ? {} : (JSON.parse(row.report) as ReloadReportFields)),
    }));
  }
}
