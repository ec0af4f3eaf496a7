import type { BackgroundErrorInfo } from '../../shared/background-errors';
import type { LateCallsState } from '../../shared/late-calls';
import type { ReloadRecord, VersionInfo, VersionState } from '../../shared/history';
import type { ModuleId, VersionId } from '../../shared/ids';
import type { StateDatabase } from '../store/database';
import { ChangeJournal, type ChangeKind, type JournalEntry } from '../store/journal';
import { ReloadLog } from '../store/reload-log';
import { VersionStore, type NewVersion } from '../store/version-store';
import { controlLog } from '../base/control-log';

const log = controlLog('engine-events');

/** What the engine did, for front ends that show it live. */
export type EngineEvent =
  | { readonly type: 'changeStarted'; readonly change: ChangeKind; readonly module: ModuleId; readonly startedAt: number }
  | { readonly type: 'changeFinished'; readonly change: ChangeKind; readonly module: ModuleId }
  | { readonly type: 'reloadFinished'; readonly record: ReloadRecord }
  | { readonly type: 'versionAdded'; readonly version: VersionInfo }
  | { readonly type: 'versionUpdated'; readonly version: VersionInfo }
  | { readonly type: 'headChanged'; readonly module: ModuleId }
  | { readonly type: 'probationEnded'; readonly version: VersionInfo; readonly stable: boolean }
  | { readonly type: 'backgroundError'; readonly error: BackgroundErrorInfo }
  /** Late calls of a replaced version started, one settled, all settled, or the rest were given up. */
  | { readonly type: 'lateCalls'; readonly calls: LateCallsState };

export type EngineEventListener = (event: EngineEvent) => void;

/**
 * A tiny synchronous emitter. A listener that throws is logged and skipped: what the panel
 * shows must never break a reload or a rollback.
 */
export class EngineEvents {
  private readonly listeners = new Set<EngineEventListener>();

  onDidChange(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        log.error(`a listener for ${event.type} failed`, error);
      }
    }
  }
}

/*
 * The stores are the one place every change passes through (reload, rollback, apply, crash
 * recovery), so the events come from thin subclasses of them rather than from each engine.
 */

/** The change journal, telling when a change starts (opened) and ends (closed). */
export class ObservedChangeJournal extends ChangeJournal {
  private readonly events: EngineEvents;
  private readonly running = new Map<number, { change: ChangeKind; module: ModuleId }>();

  constructor(db: StateDatabase, events: EngineEvents) {
    super(db);
    this.events = events;
  }

  override open(kind: ChangeKind, module: ModuleId, detail: JournalEntry['detail']): number {
    const id = super.open(kind, module, detail);
    this.running.set(id, { change: kind, module });
    this.events.emit({ type: 'changeStarted', change: kind, module, startedAt: Date.now() });
    return id;
  }

  override close(id: number): void {
    super.close(id);
    const entry = this.running.get(id);
    this.running.delete(id);
    if (entry !== undefined) this.events.emit({ type: 'changeFinished', ...entry });
  }
}

/** The reload history, telling when an attempt was recorded (every reload ends here). */
export class ObservedReloadLog extends ReloadLog {
  private readonly events: EngineEvents;

  constructor(db: StateDatabase, events: EngineEvents) {
    super(db);
    this.events = events;
  }

  override add(record: ReloadRecord): void {
    super.add(record);
    this.events.emit({ type: 'reloadFinished', record });
  }
}

/** The version store, telling about new entries, state changes and moved heads. */
export class ObservedVersionStore extends VersionStore {
  private readonly events: EngineEvents;

  constructor(db: StateDatabase, events: EngineEvents) {
    super(db);
    this.events = events;
  }

  override add(version: NewVersion): VersionInfo {
    const info = super.add(version);
    this.events.emit({ type: 'versionAdded', version: info });
    if (version.makeCurrent === true) this.events.emit({ type: 'headChanged', module: info.module });
    return info;
  }

  override setState(id: VersionId, state: VersionState, stable: boolean): void {
    super.setState(id, state, stable);
    this.updated(id);
  }

  override clearProbation(id: VersionId): void {
    super.clearProbation(id);
    this.updated(id);
  }

  private updated(id: VersionId): void {
    const version = this.get(id);
    if (version !== null) this.events.emit({ type: 'versionUpdated', version });
  }
}
