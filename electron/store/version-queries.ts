/**
 * Every statement the version store runs, in one place so the migration tests can check each
 * hot query's plan (an index search, never a scan of the versions table).
 */
const SELECT = `SELECT v.seq, v.id, v.module, v.hash, v.state, v.stable, v.reason, v.created_at, v.restored_from,
  v.proposal_id, v.probation_until, v.type_check, v.type_errors, b.size FROM versions v JOIN blobs b ON b.hash = v.hash`;

/** The seq of a version id (a page cursor or the version a lookup starts from). */
const SEQ_OF = '(SELECT seq FROM versions WHERE id = @cursor)';

export const VERSION_SQL = {
  insertBlob: 'INSERT OR IGNORE INTO blobs (hash, size, data) VALUES (?, ?, ?)',
  insertVersion: `INSERT INTO versions
    (id, module, hash, state, stable, reason, created_at, restored_from, proposal_id, probation_until, type_check, type_errors)
    VALUES (@id, @module, @hash, @state, @stable, @reason, @createdAt, @restoredFrom, @proposalId, @probationUntil, @typeCheck, @typeErrors)`,
  setHead: 'INSERT OR REPLACE INTO heads (module, current_version) VALUES (?, ?)',
  byId: `${SELECT} WHERE v.id = ?`,
  blob: 'SELECT data FROM blobs WHERE hash = ?',
  head: `${SELECT} JOIN heads h ON h.current_version = v.id WHERE h.module = ?`,
  /** Every module's head at once (the baseline at open: one query, not one per module). */
  heads: `${SELECT} JOIN heads h ON h.current_version = v.id`,
  lastStable: `${SELECT} WHERE v.module = ? AND v.stable = 1 ORDER BY v.seq DESC LIMIT 1`,
  /** The newest stable version whose content differs from `hash` ("roll back X"). */
  lastStableOtherThan: `${SELECT} WHERE v.module = @module AND v.stable = 1 AND v.hash != @hash ORDER BY v.seq DESC LIMIT 1`,
  /** The newest version that served (not failed, not rolled back) whose content differs from `hash`. */
  lastServedOtherThan: `${SELECT} WHERE v.module = @module AND v.hash != @hash AND v.state NOT IN ('failed', 'rolled_back')
    ORDER BY v.seq DESC LIMIT 1`,
  historyOfModule: `${SELECT} WHERE v.module = ? ORDER BY v.seq DESC LIMIT ?`,
  history: `${SELECT} ORDER BY v.seq DESC LIMIT ?`,
  pageOfModule: `${SELECT} WHERE v.module = @module AND v.seq < ${SEQ_OF} ORDER BY v.seq DESC LIMIT @limit`,
  page: `${SELECT} WHERE v.seq < ${SEQ_OF} ORDER BY v.seq DESC LIMIT @limit`,
  /** The module's entry just before a version, however deep in its history. */
  previous: `${SELECT} WHERE v.module = @module AND v.seq < ${SEQ_OF} ORDER BY v.seq DESC LIMIT 1`,
  setState: 'UPDATE versions SET state = ?, stable = ?, probation_until = NULL WHERE id = ?',
  clearProbation: 'UPDATE versions SET probation_until = NULL WHERE id = ?',
  onProbation: `${SELECT} WHERE v.probation_until IS NOT NULL ORDER BY v.seq`,
} as const;

/** Cleanup, in steps inside one transaction (see VersionStore.cleanup). */
export const CLEANUP_SQL = {
  createCandidates: 'CREATE TEMP TABLE IF NOT EXISTS cleanup_candidates (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL)',
  clearCandidates: 'DELETE FROM temp.cleanup_candidates',
  /**
   * Not stable, not on probation, not current, older than the cutoff and older than the module's
   * `keepLast` newest: per module, one index step to its (keepLast+1)-th newest, then a range.
   */
  selectCandidates: `INSERT INTO temp.cleanup_candidates (seq, hash)
    SELECT v.seq, v.hash FROM (
      SELECT module, (SELECT k.seq FROM versions k WHERE k.module = m.module ORDER BY k.seq DESC LIMIT 1 OFFSET @keepLast) AS newest
      FROM (SELECT DISTINCT module FROM versions) m) t
    JOIN versions v ON v.module = t.module AND v.seq <= t.newest
    WHERE v.stable = 0 AND v.probation_until IS NULL AND v.created_at < @cutoff
      AND NOT EXISTS (SELECT 1 FROM heads WHERE heads.current_version = v.id)`,
  /**
   * Spares every version a kept one was restored from, and the ones those were restored from:
   * a "restored from X" entry never points at nothing.
   */
  spareRestoredFrom: `WITH RECURSIVE needed(id) AS (
      SELECT restored_from FROM versions
        WHERE restored_from IS NOT NULL AND seq NOT IN (SELECT seq FROM temp.cleanup_candidates)
      UNION
      SELECT v.restored_from FROM versions v JOIN needed n ON v.id = n.id WHERE v.restored_from IS NOT NULL)
    DELETE FROM temp.cleanup_candidates WHERE seq IN (SELECT seq FROM versions WHERE id IN (SELECT id FROM needed))`,
  deleteVersions: 'DELETE FROM versions WHERE seq IN (SELECT seq FROM temp.cleanup_candidates)',
  /** Content of removed versions that no remaining version refers to (checks use versions_by_hash). */
  deleteBlobs: `DELETE FROM blobs WHERE hash IN (SELECT DISTINCT hash FROM temp.cleanup_candidates)
    AND NOT EXISTS (SELECT 1 FROM versions WHERE versions.hash = blobs.hash)`,
} as const;
