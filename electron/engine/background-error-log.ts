import type { BackgroundErrorInfo } from '../../shared/background-errors';
import type { ModuleId } from '../../shared/ids';
import type { EngineEvents } from './engine-events';

/** How many background errors are kept per engine (a failing interval must not grow memory). */
const KEPT = 200;

/**
 * The background errors of this run of the engine, newest last, and a count per module that is
 * never trimmed. In memory: they describe the running process, which a restart replaces.
 */
export class BackgroundErrorLog {
  private readonly entries: BackgroundErrorInfo[] = [];
  private readonly counts = new Map<ModuleId, number>();
  private readonly events: EngineEvents;

  constructor(events: EngineEvents) {
    this.events = events;
  }

  add(error: BackgroundErrorInfo): void {
    this.entries.push(error);
    if (this.entries.length > KEPT) this.entries.shift();
    this.counts.set(error.module, (this.counts.get(error.module) ?? 0) + 1);
    this.events.emit({ type: 'backgroundError', error });
  }

  /** Newest first, optionally of one module. */
  list(module: ModuleId | null = null, limit = 50): BackgroundErrorInfo[] {
    const matching = module === null ? this.entries : this.entries.filter((entry) => entry.module === module);
    return matching.slice(-limit).reverse();
  }

  count(module: ModuleId): number {
    return this.counts.get(module) ?? 0;
  }
}
