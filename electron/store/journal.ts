import type { ModuleId, Sha256 } from '../../shared/ids';
import type { StateDatabase } from './database';

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
  private readonly statements;

  constructor(db: StateDatabase) {
    this.statements = {
      open: db.prepare('INSERT INTO journal (kind, module, step, detail, started_at) VALUES (?, ?, ?, ?, ?)'),
      step: db.prepare('UPDATE journal SET step = ? WHERE id = ?'),
      close: db.prepare('DELETE FROM journal WHERE id = ?'),
      all: db.prepare('SELECT * FROM journal ORDER BY id'),
    };
  }

  open(kind: ChangeKind, module: ModuleId, detail: JournalEntry['detail']): number {
    const result = this.statements.open.run(kind, module, 'started', JSON.stringify(detail), Date.now());
    return Number(result.lastInsertRowid);
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
