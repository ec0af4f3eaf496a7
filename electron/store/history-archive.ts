import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../../shared/errors';
import { sha256 } from '../base/sha256';
import type { StateDatabase } from './database';
import { SCHEMA_VERSION } from './migrations';

export const ARCHIVE_FORMAT = 'saraphina-history';
const FORMAT_VERSION = 1;

/** Columns copied per table, in a fixed list (never taken from the archive). */
const TABLES = {
  versions: ['id', 'module', 'hash', 'state', 'stable', 'reason', 'created_at', 'restored_from', 'proposal_id', 'probation_until', 'type_check', 'type_errors'],
  heads: ['module', 'current_version'],
  reloads: ['id', 'module', 'started_at', 'duration_ms', 'phases', 'old_hash', 'new_hash', 'outcome', 'error', 'cascade', 'checks', 'version_id', 'type_check', 'report'],
  proposals: ['id', 'feature', 'code', 'code_hash', 'tests', 'targets', 'mode', 'status', 'source', 'approval', 'created_at', 'updated_at', 'applied_version_id'],
  sandbox_reports: ['proposal_id', 'code_hash', 'passed', 'report', 'started_at'],
  proposal_applies: ['proposal_id', 'started_at', 'outcome', 'result'],
} as const;

type TableName = keyof typeof TABLES;
type Row = Record<string, unknown>;

/**
 * A workspace's history in one portable file (gzip'd JSON): every version with its content, the
 * heads, the reload history and the proposals with their reports and apply attempts. A CI job
 * keeps it as an artifact; `import` restores it into a workspace that has no history yet.
 */
export interface HistoryArchive {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly formatVersion: number;
  readonly schemaVersion: number;
  readonly exportedAt: number;
  readonly workspace: string;
  readonly contents: readonly { readonly hash: string; readonly content: string }[];
  readonly tables: Readonly<Record<TableName, readonly Row[]>>;
}

export interface ArchiveCounts {
  readonly versions: number;
  readonly reloads: number;
  readonly proposals: number;
  readonly contents: number;
}

export function exportHistory(db: StateDatabase, workspace: string): { bytes: Buffer; counts: ArchiveCounts } {
  const archive = db.transaction((): HistoryArchive => {
    const tables = Object.fromEntries(
      (Object.keys(TABLES) as TableName[]).map((table) => {
        const order = table === 'heads' ? 'module' : 'seq';
        return [table, db.prepare(`SELECT ${TABLES[table].join(', ')} FROM ${table} ORDER BY ${order}`).all() as Row[]];
      }),
    ) as Record<TableName, Row[]>;
    const blobs = db.prepare('SELECT hash, data FROM blobs ORDER BY hash').all() as { hash: string; data: Buffer }[];
    const contents = blobs.map((blob) => ({ hash: blob.hash, content: brotliDecompressSync(blob.data).toString('utf8') }));
    return { format: ARCHIVE_FORMAT, formatVersion: FORMAT_VERSION, schemaVersion: SCHEMA_VERSION, exportedAt: Date.now(), workspace, contents, tables };
  })();
  return { bytes: gzipSync(JSON.stringify(archive)), counts: countsOf(archive) };
}

/** Restores an archive into a database with no history; refuses (writing nothing) otherwise. */
export function importHistory(db: StateDatabase, bytes: Buffer): ArchiveCounts {
  const archive = parseArchive(bytes);
  for (const { hash, content } of archive.contents) {
    if (sha256(content) !== hash) throw new AppError('INVALID_REQUEST', `The archive is damaged: content ${hash.slice(0, 8)} does not match its hash.`);
  }
  db.transaction(() => {
    const existing = ['versions', 'reloads', 'proposals'].map((table) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number);
    if (existing.some((count) => count > 0)) {
      throw new AppError('INVALID_STATE', 'This workspace already has history; nothing was imported.', {
        hint: 'Import into a fresh workspace (npm run cli -- init DIR) that has not been opened yet.',
      });
    }
    const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (hash, size, data) VALUES (?, ?, ?)');
    for (const { hash, content } of archive.contents) {
      const data = Buffer.from(content, 'utf8');
      insertBlob.run(hash, data.length, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
    }
    for (const table of Object.keys(TABLES) as TableName[]) {
      const columns = TABLES[table];
      const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`);
      for (const row of archive.tables[table]) {
        const values = Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
        // A probation window belonged to the exporting app's process; here it would read as a crash.
        if (table === 'versions') values['probation_until'] = null;
        insert.run(values);
      }
    }
  })();
  return countsOf(archive);
}

function parseArchive(bytes: Buffer): HistoryArchive {
  let archive: HistoryArchive;
  try {
    archive = JSON.parse(gunzipSync(bytes).toString('utf8')) as HistoryArchive;
  } catch {
    throw new AppError('INVALID_REQUEST', 'Not a Saraphina history archive (not gzip’d JSON).', { hint: 'Use a file made by `export --out FILE`.' });
  }
  if (archive?.format !== ARCHIVE_FORMAT || archive.formatVersion !== FORMAT_VERSION) {
    throw new AppError('INVALID_REQUEST', 'Not a Saraphina history archive of a version this app reads.', { hint: 'Use a file made by `export --out FILE`.' });
  }
  if (archive.schemaVersion > SCHEMA_VERSION) {
    throw new AppError('INVALID_REQUEST', `The archive comes from a newer app (schema ${archive.schemaVersion}); update this app first.`);
  }
  const tablesOk = (Object.keys(TABLES) as TableName[]).every((table) => Array.isArray(archive.tables?.[table] ?? []));
  if (!Array.isArray(archive.contents) || !tablesOk) throw new AppError('INVALID_REQUEST', 'The archive is damaged: tables are missing.');
  const tables = Object.fromEntries((Object.keys(TABLES) as TableName[]).map((table) => [table, archive.tables[table] ?? []]));
  return { ...archive, tables: tables as HistoryArchive['tables'] };
}

function countsOf(archive: HistoryArchive): ArchiveCounts {
  return {
    versions: archive.tables.versions.length,
    reloads: archive.tables.reloads.length,
    proposals: archive.tables.proposals.length,
    contents: archive.contents.length,
  };
}
