import type { ModuleId, Sha256 } from '../../shared/ids';
import { withPragma, type StateDatabase } from './database';

export type ChangeKind = 'reload' | 'rollback' | 'apply';

export interface JournalEntry {
  readonly id: number;
  readonly kind: ChangeKind;
  readonly module: ModuleId;
  readonly step: string;
  readonly detail: { readonly previousHash: Sha256 | null; readonly [key: string]: unknown };
  readonly startedAt: number;
}

/**
 * Write-ahead record of a change in progress. Opened before the first side effect, advanced at
 * each step, closed when the change is recorded; a row still here at start means a crash.
 */
export class ChangeJournal {
  private readonly db: StateDatabase;
  private readonly statements;

  constructor(db: StateDatabase) {
    this.db = db;
    this.statements = {
      open: db.prepare('INSERT INTO journal (kind, module, step, detail, started_at) VALUES (?, ?, ?, ?, ?)'),
      step: db.prepare('UPDATE journal SET step = ? WHERE id = ?'),
      close: db.prepare('DELETE FROM journal WHERE id = ?'),
      all: db.prepare('SELECT * FROM journal ORDER BY id'),
    };
  }

  /**
   * `fsync: false` for a change that writes no file (a reload): the row survives the process
   * dying, as WAL frames are in the OS's hands once written, but not a power cut, and it saves
   * an fsync per reload. The commit that records the change is fsync'd, and with it this row.
   */
  open(kind: ChangeKind, module: ModuleId, detail: JournalEntry['detail'], options: { readonly fsync?: boolean } = {}): number {
    const run = () => Number(this.statements.open.run(kind, module, 'started', JSON.stringify(detail), Date.now()).lastInsertRowid);
    return options.fsync === false ? withPragma(this.db, 'synchronous', 'NORMAL', run) : run();
  }

  step(id: number, step: string): void {
    this.statements.step.run(step, id);
  }

  close(id: number): void {
    this.statements.close.run(id);
  }

  pending(): JournalEntry[] {
    const rows = this.statements.all.all() as {
      id: number;
      kind: ChangeKind;
      module: string;
      step: string;
      detail: string;
      started_at: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      module: row.module as ModuleId,
      step: row.step,
      detail: JSON.parse(row.detail) as JournalEntry['detail'],
      startedAt: row.started_at,
    }));
  }
}
