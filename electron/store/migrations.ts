import type { Database } from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly description: string;
  /** Rebuilds a table others refer to: foreign keys are off while it runs (SQLite's way to do it). */
  readonly rebuildsTable?: boolean;
  up(db: Database): void;
}

/** Schema history. Append only: a shipped migration is never edited, a new one is added. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'content-addressed versions, reload history, change journal',
    up: (db) =>
      db.exec(`
        CREATE TABLE blobs (
          hash TEXT PRIMARY KEY,
          size INTEGER NOT NULL,
          data BLOB NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE versions (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          module TEXT NOT NULL,
          hash TEXT NOT NULL REFERENCES blobs(hash),
          state TEXT NOT NULL CHECK (state IN
            ('checkpoint','candidate','stable','failed','rolled_back','pre_rollback','restored')),
          stable INTEGER NOT NULL DEFAULT 0,
          reason TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          restored_from TEXT,
          proposal_id TEXT,
          probation_until INTEGER
        );
        CREATE INDEX versions_by_module ON versions (module, seq);
        CREATE INDEX versions_stable_by_module ON versions (module, seq) WHERE stable = 1;

        -- What is on disk and serving for each module, so "current" never has to be guessed.
        CREATE TABLE heads (
          module TEXT PRIMARY KEY,
          current_version TEXT NOT NULL REFERENCES versions(id)
        ) WITHOUT ROWID;

        CREATE TABLE reloads (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          module TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          duration_ms REAL NOT NULL,
          phases TEXT NOT NULL,
          old_hash TEXT,
          new_hash TEXT,
          outcome TEXT NOT NULL CHECK (outcome IN ('reloaded','refused','failed','rolled_back')),
          error TEXT,
          cascade TEXT NOT NULL,
          checks TEXT NOT NULL,
          version_id TEXT
        );
        CREATE INDEX reloads_by_module ON reloads (module, seq);

        -- A change in progress. A row left here at start means the process died mid-change.
        CREATE TABLE journal (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL,
          module TEXT NOT NULL,
          step TEXT NOT NULL,
          detail TEXT NOT NULL,
          started_at INTEGER NOT NULL
        );
      `),
  },
  {
    version: 2,
    description: 'code proposals, their sandbox reports and apply attempts',
    up: (db) =>
      db.exec(`
        CREATE TABLE proposals (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          feature TEXT NOT NULL,
          code TEXT NOT NULL,
          code_hash TEXT NOT NULL,
          tests TEXT,
          targets TEXT NOT NULL,
          mode TEXT NOT NULL CHECK (mode IN ('append','replace')),
          status TEXT NOT NULL CHECK (status IN
            ('draft','sandbox_passed','sandbox_failed','approved','applied','rejected')),
          source TEXT NOT NULL CHECK (source IN ('person','model','agent')),
          approval TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          applied_version_id TEXT
        );
        CREATE INDEX proposals_by_status ON proposals (status, seq);

        CREATE TABLE sandbox_reports (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          proposal_id TEXT NOT NULL REFERENCES proposals(id),
          code_hash TEXT NOT NULL,
          passed INTEGER NOT NULL,
          report TEXT NOT NULL,
          started_at INTEGER NOT NULL
        );
        CREATE INDEX sandbox_reports_by_proposal ON sandbox_reports (proposal_id, seq);

        -- Every apply attempt (applied, rolled back or refused) with its steps and error.
        CREATE TABLE proposal_applies (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          proposal_id TEXT NOT NULL REFERENCES proposals(id),
          started_at INTEGER NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('applied','rolled_back','refused')),
          result TEXT NOT NULL
        );
        CREATE INDEX proposal_applies_by_proposal ON proposal_applies (proposal_id, seq);
      `),
  },
  {
    version: 3,
    description: 'indexes that keep history queries and cleanup flat to a million versions',
    up: (db) =>
      db.exec(`
        -- Deleting a blob checks that no version refers to it; without this each check scans versions.
        CREATE INDEX versions_by_hash ON versions (hash);
        -- Crash recovery at every start reads the versions on probation: a handful, not the history.
        CREATE INDEX versions_on_probation ON versions (seq) WHERE probation_until IS NOT NULL;
        -- Cleanup spares what a kept "restored from" entry points at.
        CREATE INDEX versions_by_restored_from ON versions (restored_from) WHERE restored_from IS NOT NULL;
        -- Deleting a version checks no head names it.
        CREATE INDEX heads_by_version ON heads (current_version);
      `),
  },
  {
    version: 4,
    description: 'type-check gate: what each version passed (or overrode) and each reload reported',
    up: (db) =>
      db.exec(`
        -- NULL: never checked (recorded before the gate, or with the gate off).
        ALTER TABLE versions ADD COLUMN type_check TEXT CHECK (type_check IN ('passed','overridden'));
        ALTER TABLE versions ADD COLUMN type_errors INTEGER;
        -- The gate's report of a reload attempt (JSON), NULL when none ran.
        ALTER TABLE reloads ADD COLUMN type_check TEXT;
      `),
  },
  {
    version: 5,
    description: 'reload reports: which modules re-ran and why, late calls, what was not carried over',
    up: (db) =>
      db.exec(`
        -- JSON { reran, kept, lateCalls, notCarried }; NULL for reloads recorded before.
        ALTER TABLE reloads ADD COLUMN report TEXT;
      `),
  },
  {
    version: 6,
    description: 'agent crashes: each death of the agent process, its reason and last output',
    up: (db) =>
      db.exec(`
        CREATE TABLE agent_crashes (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          reason TEXT NOT NULL,
          module TEXT,
          location TEXT,
          exit_code INTEGER,
          signal TEXT,
          -- JSON array of the last lines the agent process printed.
          last_output TEXT NOT NULL
        );
      `),
  },
  {
    version: 7,
    description: 'content in a rowid table: cleanup deletes it in a fraction of the time',
    rebuildsTable: true,
    up: (db) => {
      // WITHOUT ROWID keeps each 2.5 KB row in the key's b-tree (split into overflow pages):
      // deleting 77,000 of them was most of a cleanup. Same columns and key; every row copied.
      db.exec(`
        CREATE TABLE blobs_with_rowid (
          hash TEXT PRIMARY KEY,
          size INTEGER NOT NULL,
          data BLOB NOT NULL
        );
        INSERT INTO blobs_with_rowid (hash, size, data) SELECT hash, size, data FROM blobs ORDER BY hash;
      `);
      const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      if (count('blobs_with_rowid') !== count('blobs')) throw new Error('migration 7: not every stored content was copied; nothing was changed.');
      db.exec('DROP TABLE blobs; ALTER TABLE blobs_with_rowid RENAME TO blobs;');
    },
  },
  {
    version: 8,
    description: 'background errors: kept across agent restarts, identical ones coalesced, a count per version',
    up: (db) =>
      db.exec(`
        -- One row per distinct error of a run of the agent (module, version, kind, message,
        -- location, action); a repeat adds to count and moves last_at. Trimmed per module.
        CREATE TABLE background_errors (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          run TEXT NOT NULL,
          module TEXT NOT NULL,
          hash TEXT NOT NULL,
          version_id TEXT,
          kind TEXT NOT NULL,
          message TEXT NOT NULL,
          location TEXT,
          stack TEXT NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('rolled_back','recorded')),
          count INTEGER NOT NULL CHECK (count > 0),
          first_at INTEGER NOT NULL,
          last_at INTEGER NOT NULL
        );
        CREATE INDEX background_errors_by_module ON background_errors (module, last_at);
        CREATE INDEX background_errors_by_time ON background_errors (last_at);
        -- Every background error ever raised, per module version: never trimmed.
        CREATE TABLE background_error_counts (
          module TEXT NOT NULL,
          hash TEXT NOT NULL,
          count INTEGER NOT NULL,
          PRIMARY KEY (module, hash)
        ) WITHOUT ROWID;
      `),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Brings a database up to `target` (default: the latest), each migration in its own transaction. */
export function migrate(db: Database, target: number = SCHEMA_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`state.db has schema ${current}, newer than this app (${SCHEMA_VERSION}); update the app.`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    const rebuilds = migration.rebuildsTable === true;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    const danglingBefore = rebuilds ? danglingReferences(db) : 0;
    // Only outside a transaction can foreign keys be turned off (to drop a table others refer to).
    if (rebuilds) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (rebuilds && danglingReferences(db) > danglingBefore) {
          throw new Error(`Migration ${migration.version} would leave references to nothing; nothing was changed.`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      db.pragma(`foreign_keys = ${foreignKeys}`);
    }
  }
  return db.pragma('user_version', { simple: true }) as number;
}

function danglingReferences(db: Database): number {
  return (db.pragma('foreign_key_check') as unknown[]).length;
}
