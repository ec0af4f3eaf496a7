import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { AppError } from '../../shared/errors';
import type { VersionInfo, VersionPage, VersionState } from '../../shared/history';
import type { ModuleId, ProposalId, Sha256, VersionId } from '../../shared/ids';
import type { VersionTypeCheck } from '../../shared/typecheck';
import { sha256 } from '../base/sha256';
import type { Statement } from 'better-sqlite3';
import { checkpointInBackground, type CheckpointResult } from './background-checkpoint';
import { withPragma, type StateDatabase } from './database';
import { newVersionId } from './version-ids';
import { CLEANUP_SQL, VERSION_SQL } from './version-queries';

interface VersionRow {
  seq: number;
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
  type_check: VersionTypeCheck['state'] | null;
  type_errors: number | null;
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
  /** What the type-check gate said (absent: not checked). */
  readonly typeCheck?: VersionTypeCheck;
  /** Make it the module's current version (what is on disk and serving). */
  readonly makeCurrent?: boolean;
}

export interface CleanupPolicy {
  /** Keep the N most recent versions of each module. */
  readonly keepLast?: number;
  /** Keep versions younger than D days. */
  readonly keepDays?: number;
}

/**
 * Versions of module sources in SQLite: content stored once per SHA-256 (deduplicated,
 * brotli-compressed), entries only appended, a head per module naming the current version.
 */
/** From about this many removed versions (a few MB of WAL) the checkpoint is moved off the thread. */
const BACKGROUND_CHECKPOINT_VERSIONS = 1000;

export class VersionStore {
  private readonly db: StateDatabase;
  private readonly statements;
  private cleanupStatements: Record<keyof typeof CLEANUP_SQL, Statement> | null;
  /** Content encoded ahead of its `add` (encodeAhead): hashed and compressed while other work waits. */
  private encoded: EncodedContent | null = null;
  /** The background checkpoint after the last large cleanup (tests wait for it). */
  checkpointed: Promise<CheckpointResult | null> = Promise.resolve(null);

  constructor(db: StateDatabase) {
    this.db = db;
    this.statements = prepareAll(db, VERSION_SQL);
    this.cleanupStatements = null;
  }

  add(version: NewVersion): VersionInfo {
    const { hash, size, compressed } = this.encode(version.content);
    const row: VersionRow = {
      seq: 0,
      id: newVersionId(),
      module: version.module,
      hash,
      state: version.state,
      stable: version.stable === true || version.state === 'stable' ? 1 : 0,
      reason: version.reason,
      created_at: Date.now(),
      restored_from: version.restoredFrom ?? null,
      proposal_id: version.proposalId ?? null,
      probation_until: version.probationUntil ?? null,
      type_check: version.typeCheck?.state ?? null,
      type_errors: version.typeCheck?.errors ?? null,
      size,
    };
    this.db.transaction(() => {
      this.statements.insertBlob.run(hash, size, compressed);
      this.statements.insertVersion.run({
        id: row.id,
        module: row.module,
        hash,
        state: row.state,
        stable: row.stable,
        reason: row.reason,
        createdAt: row.created_at,
        restoredFrom: row.restored_from,
        proposalId: row.proposal_id,
        probationUntil: row.probation_until,
        typeCheck: row.type_check,
        typeErrors: row.type_errors,
      });
      if (version.makeCurrent === true) this.statements.setHead.run(version.module, row.id);
    })();
    // The row as written (size is the content's: a blob with this hash holds this content).
    return toInfo(row);
  }

  /**
   * Hashes and compresses content that is about to be added, so a reload does it while it waits
   * for the compiler instead of inside its commit. Only the latest content is kept.
   */
  encodeAhead(content: string): void {
    this.encoded = encodeContent(content);
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

  /** Every module's current version, by module. */
  heads(): Map<ModuleId, VersionInfo> {
    return new Map((this.statements.heads.all() as VersionRow[]).map((row) => [row.module as ModuleId, toInfo(row)]));
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

  /**
   * One page of the timeline, newest first: the versions older than `before` (a version id from
   * the previous page; null for the newest). `next` is the cursor for the page after, or null.
   */
  page(module: ModuleId | null, before: VersionId | null, limit: number): VersionPage {
    const rows = (
      before === null
        ? module === null
          ? this.statements.history.all(limit + 1)
          : this.statements.historyOfModule.all(module, limit + 1)
        : module === null
          ? this.statements.page.all({ cursor: before, limit: limit + 1 })
          : this.statements.pageOfModule.all({ module, cursor: before, limit: limit + 1 })
    ) as VersionRow[];
    const versions = rows.slice(0, limit).map(toInfo);
    // One row more than asked says whether an older page exists.
    return { versions, next: rows.length > limit ? (versions.at(-1)?.versionId ?? null) : null };
  }

  /** The module's entry just before `version`, or null for its first. */
  previous(version: VersionInfo): VersionInfo | null {
    return this.one(this.statements.previous, { module: version.module, cursor: version.versionId });
  }

  /** The newest stable version whose content is not `hash` (what "roll back X" goes back to). */
  lastStableOtherThan(module: ModuleId, hash: Sha256): VersionInfo | null {
    return this.one(this.statements.lastStableOtherThan, { module, hash });
  }

  /** The newest version that served and whose content is not `hash` ("what changed in X"). */
  lastServedOtherThan(module: ModuleId, hash: Sha256): VersionInfo | null {
    return this.one(this.statements.lastServedOtherThan, { module, hash });
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
    this.db.prepare(CLEANUP_SQL.createCandidates).run();
    this.cleanupStatements ??= prepareAll(this.db, CLEANUP_SQL);
    const sql = this.cleanupStatements;
    const remove = () =>
      this.transaction(() => {
        sql.clearCandidates.run();
        sql.selectCandidates.run({ keepLast, cutoff });
        sql.spareRestoredFrom.run();
        const removedVersions = sql.deleteVersions.run().changes;
        const removedBlobs = sql.deleteBlobs.run().changes;
        sql.clearCandidates.run();
        return { removedVersions, removedBlobs };
      });
    // Its own conditions keep both references whole (no head's version, no content a version
    // still names is removed), so SQLite's check of each deleted row is turned off meanwhile: it
    // was a third of a cleanup over 100,000 versions. (The pragma cannot change inside a transaction.)
    // A large cleanup's WAL is copied into the database on another thread, not by its commit.
    const removed = withPragma(this.db, 'wal_autocheckpoint', '0', () => withPragma(this.db, 'foreign_keys', 'OFF', remove));
    if (removed.removedVersions >= BACKGROUND_CHECKPOINT_VERSIONS && !this.db.memory && !this.db.inTransaction) {
      this.checkpointed = checkpointInBackground(this.db.name);
    }
    return removed;
  }

  private encode(content: string): EncodedContent {
    const ahead = this.encoded;
    this.encoded = null;
    return ahead !== null && ahead.content === content ? ahead : encodeContent(content);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private one(statement: Statement, parameters: Record<string, unknown>): VersionInfo | null {
    const row = statement.get(parameters) as VersionRow | undefined;
    return row === undefined ? null : toInfo(row);
  }
}

function prepareAll<Sql extends Record<string, string>>(db: StateDatabase, sql: Sql): Record<keyof Sql, Statement> {
  return Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)])) as Record<keyof Sql, Statement>;
}

interface EncodedContent {
  readonly content: string;
  readonly hash: Sha256;
  readonly size: number;
  readonly compressed: Buffer;
}

function encodeContent(content: string): EncodedContent {
  const bytes = Buffer.from(content, 'utf8');
  return { content, hash: sha256(content), size: bytes.length, compressed: compress(bytes) };
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
    ...(row.type_check === null ? {} : { typeCheck: { state: row.type_check, errors: row.type_errors ?? 0 } }),
  };
}
