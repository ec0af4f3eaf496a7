import type { Database } from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly description: string;
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
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
