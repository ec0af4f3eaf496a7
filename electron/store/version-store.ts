import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { AppError } from '../../shared/errors';
import type { VersionInfo, VersionState } from '../../shared/history';
import type { ModuleId, ProposalId, Sha256, VersionId } from '../../shared/ids';
import { sha256 } from '../runtime/compile';
import type { StateDatabase } from './database';
import { newVersionId } from './version-ids';

interface VersionRow {
  id: string;
  module: string;
  hash: string;
  state: VersionState;
  stable: number;
  reason: string;
  created_at: number;
  restored_from: string | null;
  proposal_id: string | null;
  probation_until: number | null;
  size: number;
}

export interface NewVersion {
  readonly module: ModuleId;
  readonly content: string;
  readonly state: VersionState;
  readonly reason: string;
  readonly stable?: boolean;
  readonly restoredFrom?: VersionId;
  readonly proposalId?: ProposalId;
  readonly probationUntil?: number;
  /** Make it the module's current version (what is on disk and serving). */
  readonly makeCurrent?: boolean;
}

export interface CleanupPolicy {
  /** Keep the N most recent versions of each module. */
  readonly keepLast?: number;
  /** Keep versions younger than D days. */
  readonly keepDays?: number;
}

const SELECT = `SELECT v.id, v.module, v.hash, v.state, v.stable, v.reason, v.created_at, v.restored_from,
  v.proposal_id, v.probation_until, b.size FROM versions v JOIN blobs b ON b.hash = v.hash`;

/**
 * Versions of module sources in SQLite: content stored once per SHA-256 (deduplicated,
 * brotli-compressed), entries only appended, a head per module naming the current version.
 */
export class VersionStore {
  private readonly db: StateDatabase;
  private readonly statements;

  constructor(db: StateDatabase) {
    this.db = db;
    this.statements = {
      insertBlob: db.prepare('INSERT OR IGNORE INTO blobs (hash, size, data) VALUES (?, ?, ?)'),
      insertVersion: db.prepare(`INSERT INTO versions
        (id, module, hash, state, stable, reason, created_at, restored_from, proposal_id, probation_until)
        VALUES (@id, @module, @hash, @state, @stable, @reason, @createdAt, @restoredFrom, @proposalId, @probationUntil)`),
      setHead: db.prepare('INSERT OR REPLACE INTO heads (module, current_version) VALUES (?, ?)'),
      byId: db.prepare(`${SELECT} WHERE v.id = ?`),
      blob: db.prepare('SELECT data FROM blobs WHERE hash = ?'),
      head: db.prepare(`${SELECT} JOIN heads h ON h.current_version = v.id WHERE h.module = ?`),
      lastStable: db.prepare(`${SELECT} WHERE v.module = ? AND v.stable = 1 ORDER BY v.seq DESC LIMIT 1`),
      historyOfModule: db.prepare(`${SELECT} WHERE v.module = ? ORDER BY v.seq DESC LIMIT ?`),
      history: db.prepare(`${SELECT} ORDER BY v.seq DESC LIMIT ?`),
      setState: db.prepare('UPDATE versions SET state = ?, stable = ?, probation_until = NULL WHERE id = ?'),
      clearProbation: db.prepare('UPDATE versions SET probation_until = NULL WHERE id = ?'),
      onProbation: db.prepare(`${SELECT} WHERE v.probation_until IS NOT NULL ORDER BY v.seq`),
      cleanupVersions: db.prepare(`DELETE FROM versions WHERE seq IN (
        SELECT seq FROM (
          SELECT seq, id, stable, created_at, probation_until,
            ROW_NUMBER() OVER (PARTITION BY module ORDER BY seq DESC) AS recency
          FROM versions)
        WHERE stable = 0 AND probation_until IS NULL AND recency > @keepLast AND created_at < @cutoff
          AND id NOT IN (SELECT current_version FROM heads))`),
      cleanupBlobs: db.prepare('DELETE FROM blobs WHERE hash NOT IN (SELECT hash FROM versions)'),
    };
  }

  add(version: NewVersion): VersionInfo {
    const hash = sha256(version.content);
    const id = newVersionId();
    this.db.transaction(() => {
      const bytes = Buffer.from(version.content, 'utf8');
      this.statements.insertBlob.run(hash, bytes.length, compress(bytes));
      this.statements.insertVersion.run({
        id,
        module: version.module,
        hash,
        state: version.state,
        stable: version.stable === true || version.state === 'stable' ? 1 : 0,
        reason: version.reason,
        createdAt: Date.now(),
        restoredFrom: version.restoredFrom ?? null,
        proposalId: version.proposalId ?? null,
        probationUntil: version.probationUntil ?? null,
      });
      if (version.makeCurrent === true) this.statements.setHead.run(version.module, id);
    })();
    return this.require(id);
  }

  get(id: string): VersionInfo | null {
    const row = this.statements.byId.get(id) as VersionRow | undefined;
    return row === undefined ? null : toInfo(row);
  }

  require(id: string): VersionInfo {
    const version = this.get(id);
    if (version === null) {
      throw new AppError('MODULE_NOT_FOUND', `No version "${id}".`, { hint: 'List versions with /rollback or /history.' });
    }
    return version;
  }

  content(hash: Sha256): string {
    const row = this.statements.blob.get(hash) as { data: Buffer } | undefined;
    if (row === undefined) throw new AppError('INTERNAL', `Content ${hash} is missing from state.db.`);
    const text = brotliDecompressSync(row.data).toString('utf8');
    if (sha256(text) !== hash) throw new AppError('INTERNAL', `Content ${hash} in state.db is corrupt.`);
    return text;
  }

  current(module: ModuleId): VersionInfo | null {
    const row = this.statements.head.get(module) as VersionRow | undefined;
    return row === undefined ? null : toInfo(row);
  }

  lastStable(module: ModuleId): VersionInfo | null {
    const row = this.statements.lastStable.get(module) as VersionRow | undefined;
    return row === undefined ? null : toInfo(row);
  }

  history(module: ModuleId | null, limit: number): VersionInfo[] {
    const rows = (
      module === null ? this.statements.history.all(limit) : this.statements.historyOfModule.all(module, limit)
    ) as VersionRow[];
    return rows.map(toInfo);
  }

  setState(id: VersionId, state: VersionState, stable: boolean): void {
    this.statements.setState.run(state, stable ? 1 : 0, id);
  }

  clearProbation(id: VersionId): void {
    this.statements.clearProbation.run(id);
  }

  onProbation(): VersionInfo[] {
    return (this.statements.onProbation.all() as VersionRow[]).map(toInfo);
  }

  /**
   * Removes versions no one needs: kept are stable ones, current ones, those on probation, the
   * `keepLast` most recent of each module, and those younger than `keepDays`. Then removes content
   * no remaining version refers to.
   */
  cleanup(policy: CleanupPolicy, now: number = Date.now()): { removedVersions: number; removedBlobs: number } {
    const keepLast = policy.keepLast ?? (policy.keepDays === undefined ? 50 : 0);
    const cutoff = policy.keepDays === undefined ? Number.MAX_SAFE_INTEGER : now - policy.keepDays * 86_400_000;
    return this.transaction(() => {
      const removedVersions = this.statements.cleanupVersions.run({ keepLast, cutoff }).changes;
      const removedBlobs = this.statements.cleanupBlobs.run().changes;
      return { removedVersions, removedBlobs };
    });
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

function compress(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
}

function toInfo(row: VersionRow): VersionInfo {
  return {
    versionId: row.id as VersionId,
    module: row.module as ModuleId,
    hash: row.hash as Sha256,
    state: row.state,
    stable: row.stable === 1,
    createdAt: row.created_at,
    reason: row.reason,
    size: row.size,
    restoredFrom: row.restored_from as VersionId | null,
    proposalId: row.proposal_id as ProposalId | null,
    probationUntil: row.probation_until,
  };
}
