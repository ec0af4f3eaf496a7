/**
 * A pulse that proves the agent is alive: one beat per second. Shows the two hot-reload chores
 * of a module with a timer: the interval is the tracked one (released when this version is
 * replaced, so old versions stop beating), and the count is handed to the next version.
 */
export const INTERVAL_MS = 1000;
/** Missing this many beats in a row means the agent is stalled. */
const MISSED_BEATS_ALLOWED = 3;

let count = typeof hot.data.beats === 'number' ? hot.data.beats : 0;
let lastBeatAt = typeof hot.data.lastBeatAt === 'number' ? hot.data.lastBeatAt : null;
const versionStartedAt = Date.now();

// `setInterval` here is the runtime's tracked one. unref(): the pulse alone should not keep a
// command-line run of the agent from exiting.
setInterval(() => {
  count += 1;
  lastBeatAt = Date.now();
}, INTERVAL_MS).unref();

hot.dispose((data) => {
  data.beats = count;
  data.lastBeatAt = lastBeatAt;
});

export function beats(): number {
  return count;
}

/** When the last beat happened (ISO 8601), or null before the first one. */
export function last_beat_at(): string | null {
  return lastBeatAt === null ? null : new Date(lastBeatAt).toISOString();
}

/** False once several beats in a row were missed (the event loop was blocked or timers stopped). */
export function is_alive(now: number = Date.now()): boolean {
  const since = Math.max(lastBeatAt ?? 0, versionStartedAt);
  return now - since <= INTERVAL_MS * MISSED_BEATS_ALLOWED;
}
