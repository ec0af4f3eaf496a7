import type { ModuleOverview } from '../../../../shared/contract/panel';
import type { VersionInfo } from '../../../../shared/history';
import type { ModuleId, VersionId } from '../../../../shared/ids';
import type { TimelineFilter } from '../../store/timeline-slice';

/** What a mark's shape and colour say. */
export type MarkKind = 'stable' | 'probation' | 'candidate' | 'failed' | 'restored' | 'checkpoint';

export interface Mark {
  readonly version: VersionInfo;
  readonly t: number;
  readonly kind: MarkKind;
  /** For a rollback: when the version it restored was recorded (drawn as an arc back to it). */
  readonly arcTo: number | null;
}

export interface Lane {
  readonly module: ModuleId;
  /** Oldest first, so a time range is found by binary search. */
  readonly marks: readonly Mark[];
  readonly liveId: VersionId | null;
  readonly stableId: VersionId | null;
}

export type { StateFilter } from '../../store/timeline-slice';

export interface LaneFilter extends TimelineFilter {
  readonly module: ModuleId | null;
}

/** The kind of mark for a version; a backup taken by a rollback is not drawn (the rollback is one event). */
export function markKind(version: VersionInfo, now: number): MarkKind | null {
  switch (version.state) {
    case 'stable':
      return 'stable';
    case 'candidate':
      return version.probationUntil !== null && version.probationUntil > now ? 'probation' : 'candidate';
    case 'failed':
    case 'rolled_back':
      return 'failed';
    case 'restored':
      return 'restored';
    case 'checkpoint':
      return 'checkpoint';
    case 'pre_rollback':
      return null;
  }
}

/**
 * Whether a version passes the timeline's filters (the lanes and the list use this one rule);
 * `kind` null is an entry the lanes do not draw (a rollback's backup): only "all states" shows it.
 */
export function matchesFilter(version: VersionInfo, kind: MarkKind | null, filter: TimelineFilter, features: ReadonlyMap<string, string>): boolean {
  if (filter.proposal !== null && version.proposalId !== filter.proposal) return false;
  if (kind === null && filter.state !== 'all') return false;
  if (filter.state === 'proposal' && version.proposalId === null) return false;
  if (filter.state === 'stable' && kind !== 'stable') return false;
  if (filter.state === 'probation' && kind !== 'probation' && kind !== 'candidate') return false;
  if (filter.state === 'failed' && kind !== 'failed') return false;
  if (filter.state === 'restored' && kind !== 'restored') return false;
  const needle = filter.text.trim().toLowerCase();
  if (needle === '') return true;
  const feature = version.proposalId === null ? '' : (features.get(version.proposalId) ?? '');
  return [version.versionId, version.hash, version.reason, version.proposalId ?? '', feature].some((field) => field.toLowerCase().includes(needle));
}

/**
 * One lane per module (the sidebar's order), each with the marks that pass the filter, oldest
 * first, and the module's live and last stable versions pinned.
 */
export function buildLanes(
  versions: readonly VersionInfo[],
  modules: readonly ModuleOverview[],
  filter: LaneFilter,
  features: ReadonlyMap<string, string>,
  now: number,
): Lane[] {
  const created = new Map<string, number>();
  for (const version of versions) created.set(version.versionId, version.createdAt);
  const byModule = new Map<ModuleId, Mark[]>();
  const order = modules.map((module) => module.id).filter((id) => filter.module === null || id === filter.module);
  for (const id of order) byModule.set(id, []);
  // `versions` is newest first: walk it backwards so every lane comes out oldest first.
  for (let index = versions.length - 1; index >= 0; index -= 1) {
    const version = versions[index] as VersionInfo;
    const marks = byModule.get(version.module);
    if (marks === undefined) continue;
    const kind = markKind(version, now);
    if (kind === null || !matchesFilter(version, kind, filter, features)) continue;
    const arcTo = version.restoredFrom === null ? null : (created.get(version.restoredFrom) ?? null);
    marks.push({ version, t: version.createdAt, kind, arcTo });
  }
  return order.map((module) => {
    const overview = modules.find((entry) => entry.id === module);
    return { module, marks: byModule.get(module) ?? [], liveId: overview?.currentVersionId ?? null, stableId: overview?.lastStableVersionId ?? null };
  });
}

/** Index of the first mark at or after `t` (binary search over an oldest-first lane). */
export function firstAtOrAfter(marks: readonly Mark[], t: number): number {
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((marks[middle] as Mark).t < t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The time span every lane shares, with a margin, or a minute around now when empty. */
export function fullRange(lanes: readonly Lane[], now: number): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const lane of lanes) {
    const first = lane.marks[0];
    const last = lane.marks.at(-1);
    if (first !== undefined && first.t < start) start = first.t;
    if (last !== undefined && last.t > end) end = last.t;
  }
  if (!Number.isFinite(start)) return { start: now - 60_000, end: now };
  const span = Math.max(end - start, 10_000);
  return { start: start - span * 0.04, end: end + span * 0.06 };
}

const STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * 1000).concat([1, 2, 5, 10, 15, 30].map((m) => m * 60_000), [1, 2, 3, 6, 12].map((h) => h * 3_600_000), [1, 2, 7, 14, 30].map((d) => d * 86_400_000));

/** Tick times for an axis `width` px wide: about one every 110 px, on round times. */
export function chooseTicks(start: number, end: number, width: number): { step: number; ticks: number[] } {
  const wanted = ((end - start) / Math.max(width, 1)) * 110;
  const step = STEPS.find((candidate) => candidate >= wanted) ?? (STEPS.at(-1) as number);
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end && ticks.length < 500; t += step) ticks.push(t);
  return { step, ticks };
}

/** Local midnights between `start` and `end` (where a new day's group starts). */
export function dayStarts(start: number, end: number): number[] {
  const days: number[] = [];
  const day = new Date(start);
  day.setHours(0, 0, 0, 0);
  for (let t = day.getTime(); t <= end && days.length < 400; ) {
    if (t >= start) days.push(t);
    day.setDate(day.getDate() + 1);
    t = day.getTime();
  }
  return days;
}
