import assert from 'node:assert/strict';
import type * as Module from './saraphina';

export default function smoke(m: typeof Module): void {
  const status = m.status();
  assert.ok(Number.isInteger(status.facts) && status.facts >= 0);
  assert.ok(Number.isInteger(status.turns) && status.turns >= 0);
  assert.ok(status.uptimeMs >= 0);
  assert.deepEqual(Object.keys(status).sort(), ['facts', 'turns', 'uptimeMs']);

  // Only the refusals are exercised: a real message would land in the running agent's history.
  assert.throws(() => m.ask('   '), /empty/);
  assert.throws(() => m.ask('x'.repeat(m.MAX_MESSAGE_LENGTH + 1)), /too long/);
  assert.throws(() => m.ask(42 as unknown as string), TypeError);
  assert.equal(m.status().turns, status.turns);
}
