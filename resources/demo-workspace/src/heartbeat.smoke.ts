import assert from 'node:assert/strict';
import type * as Module from './heartbeat';

export default function smoke(m: typeof Module): void {
  const count = m.beats();
  assert.ok(Number.isInteger(count) && count >= 0);
  assert.ok(m.beats() >= count, 'the count never goes down');
  assert.equal(m.INTERVAL_MS, 1000);

  const last = m.last_beat_at();
  assert.ok(last === null || !Number.isNaN(Date.parse(last)));

  assert.equal(m.is_alive(), true, 'a version that just started is alive');
  assert.equal(m.is_alive(Date.now() + 60 * m.INTERVAL_MS), false, 'a minute without beats is not');
}
