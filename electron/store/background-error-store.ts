import type { BackgroundErrorKind, RecordedBackgroundError } from '../../shared/background-errors';
import type { ModuleId, Sha256, VersionId } from '../../shared/ids';
import type { StateDatabase } from './database';

interface ErrorRow {
  run: string;
  module: string;
  hash: string;
  version_id: string | null;
  kind: string;
  message: string;
  location: string | null;
  stack: string;
  action: string;
  count: number;
  first_at: number;
  last_at: number;
}

/** A row as written: the error, the run of the agent that raised it, and how often. */
export interface BackgroundErrorRow {
  readonly run: string;
  readonly error: Omit<RecordedBackgroundError, 'earlierRun'>;
}

/**
 * The `background_errors` and `background_error_counts` tables (migration 8). Written by the
 * agent process only, in batches (BackgroundErrorLog decides when); read by the same process.
 */
export class BackgroundErrorStore {
  private readonly db: StateDatabase;
  private readonly insertRow;
  private readonly updateRow;
  private readonly addCount;
  private readonly trimModule;
  private readonly recentOfModule;
  private readonly recentOfAll;
  private readonly totals;
  private readonly newest;

  constructor(db: StateDatabase) {
    this.db = db;
    this.insertRow = db.prepare(`INSERT INTO background_errors
      (run, module, hash, version_id, kind, message, location, stack, action, count, first_at, last_at)
      VALUES (@run, @module, @hash, @versionId, @kind, @message, @location, @stack, @action, @count, @firstAt, @at)`);
    this.updateRow = db.prepare('UPDATE background_errors SET count = @count, last_at = @at WHERE seq = @seq');
    this.addCount = db.prepare(`INSERT INTO background_error_counts (module, hash, count) VALUES (@module, @hash, @count)
      ON CONFLICT (module, hash) DO UPDATE SET count = count + excluded.count`);
    this.trimModule = db.prepare(`DELETE FROM background_errors WHERE module = @module AND seq NOT IN
      (SELECT seq FROM background_errors WHERE module = @module ORDER BY last_at DESC, seq DESC LIMIT @keep)`);
    this.recentOfModule = db.prepare(
      'SELECT * FROM background_errors WHERE module = @module AND run != @run ORDER BY last_at DESC, seq DESC LIMIT @limit',
    );
    this.recentOfAll = db.prepare('SELECT * FROM background_errors WHERE run != @run ORDER BY last_at DESC, seq DESC LIMIT @limit');
    this.totals = db.prepare('SELECT module, sum(count) AS count FROM background_error_counts GROUP BY module');
    // SQLite takes the bare columns from the row holding max(): each module's newest error.
    this.newest = db.prepare('SELECT *, max(last_at) FROM background_errors GROUP BY module');
  }

  /** Runs `write` as one transaction: one fsync for a whole batch. */
  transaction<T>(write: () => T): T {
    return this.db.transaction(write)();
  }

  insert({ run, error }: BackgroundErrorRow): number {
    return Number(this.insertRow.run({ run, ...error }).lastInsertRowid);
  }

  /** False when the row is gone (trimmed meanwhile): the caller inserts it again. */
  update(seq: number, count: number, at: number): boolean {
    return this.updateRow.run({ seq, count, at }).changes > 0;
  }

  addToCount(module: ModuleId, hash: Sha256, count: number): void {
    this.addCount.run({ module, hash, count });
  }

  /** Keeps the newest `keep` rows of `module` (the counts are never trimmed). */
  trim(module: ModuleId, keep: number): void {
    this.trimModule.run({ module, keep });
  }

  /** Newest first, of one module or all, raised by runs other than `run`. */
  listOtherRuns(module: ModuleId | null, run: string, limit: number): RecordedBackgroundError[] {
    const rows = (module === null ? this.recentOfAll.all({ run, limit }) : this.recentOfModule.all({ module, run, limit })) as ErrorRow[];
    return rows.map(toRecorded);
  }

  /** Each module's newest error (read at start, when every row is of an earlier run). */
  newestPerModule(): Map<ModuleId, RecordedBackgroundError> {
    return new Map((this.newest.all() as ErrorRow[]).map((row) => [row.module as ModuleId, toRecorded(row)]));
  }

  /** Every background error ever raised, per module. */
  countsByModule(): Map<ModuleId, number> {
    const rows = this.totals.all() as { module: ModuleId; count: number }[];
    return new Map(rows.map((row) => [row.module, row.count]));
  }
}

function toRecorded(row: ErrorRow): RecordedBackgroundError {
  return {
    module: row.module as ModuleId,
    hash: row.hash as Sha256,
    versionId: row.version_id as VersionId | null,
    kind: row.kind as BackgroundErrorKind,
    message: row.message,
    location: row.location,
    stack: row.stack,
    at: row.last_at,
    firstAt: row.first_at,
    count: row.count,
    action: row.action === 'rolled_back' ? 'rolled_back' : 'recorded',
    earlierRun: true,
  };
}
