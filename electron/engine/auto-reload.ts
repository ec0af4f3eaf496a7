import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AUTO_RELOAD_REASON, type AutoReloadEvent, type AutoReloadState } from '../../shared/auto-reload';
import type { ModuleId } from '../../shared/ids';
import { controlLog } from '../base/control-log';
import { writeFileAtomic } from './atomic-write';
import { reloadIfSaved, watchModuleSaves, type SaveReloadEngine } from './module-saves';

const log = controlLog('auto-reload');

/** `.saraphina/settings.json`: the workspace's own settings the panel changes (never the user's config file). */
export const SETTINGS_FILE = 'settings.json';
const settingsSchema = z.object({ autoReload: z.boolean().optional() }).loose();

/**
 * Auto-reload on save: while on, a module file saved on disk is reloaded through the normal path
 * (pre-flight, type check, health, smoke test, probation). A failed reload leaves the old code
 * serving and is told like any other. The setting belongs to the workspace and survives restarts.
 */
export class AutoReload {
  private readonly engine: SaveReloadEngine;
  private readonly file: string;
  private enabled: boolean;
  private problem: string | null = null;
  private stopWatching: (() => void) | null = null;
  private closed = false;
  private readonly changeListeners = new Set<(state: AutoReloadState) => void>();
  private readonly reloadListeners = new Set<(event: AutoReloadEvent) => void>();

  constructor(engine: SaveReloadEngine, stateDir: string) {
    this.engine = engine;
    this.file = path.join(stateDir, SETTINGS_FILE);
    this.enabled = readSettings(this.file).autoReload === true;
    if (this.enabled) this.watch();
  }

  state(): AutoReloadState {
    return { enabled: this.enabled, problem: this.problem };
  }

  /** Turns it on or off and saves the setting; the state says if saves cannot be watched. */
  setEnabled(enabled: boolean): AutoReloadState {
    if (this.closed) return this.state();
    const settings = readSettings(this.file);
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Written first: a setting that cannot be saved changes nothing (the error says why).
    writeFileAtomic(this.file, `${JSON.stringify({ ...settings, autoReload: enabled }, null, 2)}\n`);
    this.enabled = enabled;
    this.problem = null;
    this.stopWatching?.();
    this.stopWatching = null;
    if (enabled) this.watch();
    this.emitChange();
    return this.state();
  }

  onDidChange(listener: (state: AutoReloadState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onDidReload(listener: (event: AutoReloadEvent) => void): () => void {
    this.reloadListeners.add(listener);
    return () => this.reloadListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.stopWatching?.();
    this.stopWatching = null;
  }

  private watch(): void {
    const { workspace } = this.engine.runtime;
    this.stopWatching = watchModuleSaves(workspace, (id) => void this.reload(id), (error) => {
      this.problem = `Saves in ${workspace.sourceRoot} cannot be watched: ${error instanceof Error ? error.message : String(error)}`;
      log.warn(this.problem);
      this.emitChange();
    });
  }

  private async reload(id: ModuleId): Promise<void> {
    if (this.closed || !this.enabled) return;
    try {
      const outcome = await reloadIfSaved(this.engine, id, AUTO_RELOAD_REASON, () => this.emitReload({ phase: 'started', module: id }));
      if (outcome.kind === 'reloaded') this.emitReload({ phase: 'finished', module: id, record: outcome.record });
    } catch (error) {
      // Refused before it started (the database was lost, the engine is closing): the log keeps why.
      log.error(`auto-reload of ${id} did not run`, error);
    }
  }

  private emitChange(): void {
    const state = this.state();
    for (const listener of [...this.changeListeners]) listener(state);
  }

  private emitReload(event: AutoReloadEvent): void {
    for (const listener of [...this.reloadListeners]) {
      try {
        listener(event);
      } catch (error) {
        log.error('an auto-reload listener failed', error);
      }
    }
  }
}

function readSettings(file: string): z.infer<typeof settingsSchema> {
  if (!existsSync(file)) return {};
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    log.warn(`${file} is not valid settings; auto-reload stays off`);
  } catch (error) {
    log.warn(`${file} cannot be read; auto-reload stays off`, error);
  }
  return {};
}
