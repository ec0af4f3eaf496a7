import { expect, test } from 'vitest';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { describeLateCallsState, type LateCallsState } from '../../shared/late-calls';

const base: LateCallsState = {
  id: 1,
  module: 'slow' as ModuleId,
  hash: 'ab'.repeat(32) as Sha256,
  phase: 'running',
  running: [
    { name: 'slowTask', startedAt: 0 },
    { name: 'fetch', startedAt: 9_000 },
  ],
  late: 2,
  settled: 0,
  abandonAt: 20_000,
  at: 12_000,
};

test('late calls read as one line: running with ages and when they are given up, settled, given up', () => {
  expect(describeLateCallsState(base, 12_000)).toBe('2 calls still running on the replaced version: slowTask (12 s), fetch (3 s) — given up in 8 s');
  expect(describeLateCallsState({ ...base, running: [{ name: 'slowTask', startedAt: 0 }], settled: 1 }, 13_000)).toBe(
    '1 call still running on the replaced version: slowTask (13 s) — given up in 7 s; 1 of 2 finished',
  );
  expect(describeLateCallsState({ ...base, phase: 'settled', running: [], settled: 2 }, 14_000)).toBe('2 late calls on the replaced version settled');
  expect(describeLateCallsState({ ...base, phase: 'abandoned', running: [{ name: 'slowTask', startedAt: 0 }], settled: 1 }, 20_000)).toBe(
    '1 late call given up on the replaced version: slowTask (its caller got CALL_ABANDONED); 1 had finished',
  );
});
