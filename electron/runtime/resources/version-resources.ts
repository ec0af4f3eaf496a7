import type { ModuleId } from '../../../shared/ids';
import type { KeptResource, ResourceKind, ResourceNote, ResourceReport } from '../../../shared/resources';
import type { ModuleVersion } from '../module-version';

export type { KeptResource, ResourceKind, ResourceNote, ResourceReport };

/** Releases a resource; returns why it was kept instead (null: released). */
export type Release = () => string | null;

interface Entry extends ResourceNote {
  readonly release: Release;
}

/**
 * Everything one module version started and still holds. Entries leave by themselves when the
 * resource ends (a socket closes, a worker exits), so the set stays as small as what is alive.
 * `release` ends the rest when the version is replaced or disposed.
 */
let serials = 0;

export class VersionResources {
  /** Tells versions apart where holding a reference would keep an old one alive (an emitter's tag). */
  readonly serial = ++serials;
  readonly version: ModuleVersion;
  readonly module: ModuleId;
  private readonly entries = new Set<Entry>();
  private readonly aborter = new AbortController();
  private report: ResourceReport | null = null;

  constructor(version: ModuleVersion) {
    this.version = version;
    this.module = version.id;
  }

  /** Whether the version's dispose has begun (its hot.dispose callbacks are running or ran). */
  disposing(): boolean {
    return this.version.hot.disposed;
  }

  get released(): boolean {
    return this.report !== null;
  }

  /** What the release did (null until released): for the reload result to show by name. */
  get releaseReport(): ResourceReport | null {
    return this.report;
  }

  /** Aborted on release: pending `node:timers/promises` waits of this version stop there. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** Tracks a resource; the returned function forgets it (it ended on its own). */
  add(kind: ResourceKind, name: string, release: Release): () => void {
    const entry: Entry = { kind, name, release };
    if (this.report !== null) {
      // Started by old code still finishing after its version was released: a connection it
      // opens serves that work; anything else would outlive it, so it ends now.
      if (kind !== 'socket') release();
      return () => undefined;
    }
    this.entries.add(entry);
    return () => this.entries.delete(entry);
  }

  /** How many resources of each kind are held now. */
  counts(): Partial<Record<ResourceKind, number>> {
    const counts: Partial<Record<ResourceKind, number>> = {};
    for (const entry of this.entries) counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
    return counts;
  }

  /** Ends what the version still holds, newest first; a second call returns the first report. */
  release(): ResourceReport {
    if (this.report !== null) return this.report;
    const released: ResourceNote[] = [];
    const kept: KeptResource[] = [];
    this.aborter.abort();
    for (const entry of [...this.entries].reverse()) {
      this.entries.delete(entry);
      let reason: string | null;
      try {
        reason = entry.release();
      } catch (error) {
        reason = `release failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      const note = { kind: entry.kind, name: entry.name };
      if (reason === null) released.push(note);
      else kept.push({ ...note, reason });
    }
    this.report = { released, kept };
    return this.report;
  }
}
