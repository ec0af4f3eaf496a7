import type { BackgroundErrorInfo, RecordedBackgroundError } from '../../shared/background-errors';
import type { ModuleId, Sha256, VersionId } from '../../shared/ids';
import { controlLog } from '../base/control-log';
import type { BackgroundErrorStore } from '../store/background-error-store';
import type { EngineEvents } from './engine-events';

const log = controlLog('background-errors');

/** Distinct errors kept per module, in memory and in state.db (a failing interval must not grow either). */
export const KEPT_PER_MODULE = 200;
/** At most one write (one fsync) per this many ms; the first error after a quiet spell is written at once. */
const WRITE_EVERY_MS = 500;

export interface BackgroundErrorLogOptions {
  /** The version's id in the history, when the module's recorded current version has that hash. */
  readonly versionIdOf?: (module: ModuleId, hash: Sha256) => VersionId | null;
  /** Names this run of the agent: rows of other runs read as `earlierRun`. */
  readonly run?: string;
  readonly keptPerModule?: number;
  readonly writeEveryMs?: number;
}

interface Entry {
  error: Omit<RecordedBackgroundError, 'earlierRun'>;
  /** Its row in state.db once written. */
  seq: number | null;
  /** Changed since it was last written. */
  dirty: boolean;
}

/**
 * The background errors module code raised, kept in state.db so they outlive a crash or restart
 * of the agent process (the error before a crash is the one a user needs). The same error
 * (module, version, kind, message, location, action) raised again in this run is one entry with
 * a count; entries are written in batches, so an interval that throws 100 times a second costs
 * a few writes a second, and trimmed to the newest per module, with a count per module version
 * that is never trimmed. When state.db cannot be written (full, read-only) the failure is logged
 * and this run's errors stay listed from memory.
 */
export class BackgroundErrorLog {
  private readonly events: EngineEvents;
  private readonly store: BackgroundErrorStore | null;
  private readonly versionIdOf: (module: ModuleId, hash: Sha256) => VersionId | null;
  private readonly run: string;
  private readonly kept: number;
  private readonly writeEveryMs: number;
  /** This run's errors by identity, oldest first (a repeat moves its entry to the end). */
  private readonly entries = new Map<string, Entry>();
  /** Raised but not counted in state.db yet, per module version. */
  private readonly uncounted = new Map<string, { module: ModuleId; hash: Sha256; count: number }>();
  private readonly earlierTotals: Map<ModuleId, number>;
  /** Each module's newest error of earlier runs: what the sidebar shows of a module quiet this run, without a query per overview. */
  private readonly earlierNewest: Map<ModuleId, RecordedBackgroundError>;
  private readonly runTotals = new Map<ModuleId, number>();
  private timer: NodeJS.Timeout | null = null;
  private lastWrite = 0;
  private failing = false;
  private closed = false;

  constructor(events: EngineEvents, store: BackgroundErrorStore | null = null, options: BackgroundErrorLogOptions = {}) {
    this.events = events;
    this.store = store;
    this.versionIdOf = options.versionIdOf ?? (() => null);
    this.run = options.run ?? `${Date.now().toString(36)}-${process.pid}`;
    this.kept = options.keptPerModule ?? KEPT_PER_MODULE;
    this.writeEveryMs = options.writeEveryMs ?? WRITE_EVERY_MS;
    this.earlierTotals = this.readSafely(() => store?.countsByModule() ?? new Map<ModuleId, number>(), new Map<ModuleId, number>());
    this.earlierNewest = this.readSafely(() => store?.newestPerModule() ?? new Map<ModuleId, RecordedBackgroundError>(), new Map<ModuleId, RecordedBackgroundError>());
  }

  add(error: BackgroundErrorInfo): void {
    const key = JSON.stringify([error.module, error.hash, error.kind, error.message, error.location, error.action]);
    const known = this.entries.get(key);
    if (known === undefined) {
      const versionId = this.versionIdOf(error.module, error.hash);
      this.entries.set(key, { error: { ...error, versionId, count: 1, firstAt: error.at }, seq: null, dirty: true });
      this.trimMemory(error.module);
    } else {
      // Newest last: a repeat is as recent as its last time.
      this.entries.delete(key);
      this.entries.set(key, { ...known, error: { ...known.error, count: known.error.count + 1, at: error.at, stack: error.stack }, dirty: true });
    }
    const versionKey = `${error.module}\0${error.hash}`;
    const uncounted = this.uncounted.get(versionKey);
    this.uncounted.set(versionKey, { module: error.module, hash: error.hash, count: (uncounted?.count ?? 0) + 1 });
    this.runTotals.set(error.module, (this.runTotals.get(error.module) ?? 0) + 1);
    this.events.emit({ type: 'backgroundError', error });
    this.scheduleWrite();
  }

  /** Newest first, optionally of one module: this run's, then those of earlier runs (from state.db). */
  list(module: ModuleId | null = null, limit = 50): RecordedBackgroundError[] {
    const ours = [...this.entries.values()]
      .filter((entry) => module === null || entry.error.module === module)
      .reverse()
      .slice(0, limit)
      .map((entry): RecordedBackgroundError => ({ ...entry.error, earlierRun: false }));
    if (ours.length >= limit || this.store === null) return ours;
    if (module !== null && limit - ours.length === 1) {
      const newest = this.earlierNewest.get(module);
      return newest === undefined ? ours : [...ours, newest];
    }
    const store = this.store;
    return [...ours, ...this.readSafely(() => store.listOtherRuns(module, this.run, limit - ours.length), [])];
  }

  /** How many background errors the module ever raised (every run, never trimmed). */
  count(module: ModuleId): number {
    return (this.earlierTotals.get(module) ?? 0) + (this.runTotals.get(module) ?? 0);
  }

  /** Writes what changed since the last write, as one transaction; on failure all of it is kept for the next. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastWrite = Date.now();
    const store = this.store;
    const dirty = [...this.entries.values()].filter((entry) => entry.dirty);
    if (store === null || this.closed || (dirty.length === 0 && this.uncounted.size === 0)) return;
    try {
      const written = store.transaction(() => {
        const seqs = dirty.map(({ error, seq }) =>
          seq !== null && store.update(seq, error.count, error.at) ? seq : store.insert({ run: this.run, error }),
        );
        for (const { module, hash, count } of this.uncounted.values()) store.addToCount(module, hash, count);
        for (const module of new Set(dirty.map((entry) => entry.error.module))) store.trim(module, this.kept);
        return seqs;
      });
      // Only once the transaction committed: a failed one leaves every entry to be written again.
      dirty.forEach((entry, index) => {
        entry.seq = written[index] ?? null;
        entry.dirty = false;
      });
      this.uncounted.clear();
      if (this.failing) log.info('background errors are saved to state.db again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) log.error('background errors could not be saved to state.db; they are kept in memory for this run', error);
      this.failing = true;
    }
  }

  /** Writes what is pending and stops the timer (the engine closes the database next). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private scheduleWrite(): void {
    if (this.store === null || this.closed || this.timer !== null) return;
    const wait = this.lastWrite + this.writeEveryMs - Date.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref();
  }

  /** The module's oldest entries beyond the kept number are dropped (state.db is trimmed alike). */
  private trimMemory(module: ModuleId): void {
    const ofModule = [...this.entries].filter(([, entry]) => entry.error.module === module);
    for (const [key] of ofModule.slice(0, Math.max(0, ofModule.length - this.kept))) this.entries.delete(key);
  }

  private readSafely<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      log.error('background errors of earlier runs could not be read from state.db', error);
      return fallback;
    }
  }
}
