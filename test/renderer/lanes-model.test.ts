import { describe, expect, test } from 'vitest';
import { buildLanes, chooseTicks, dayStarts, firstAtOrAfter, markKind, matchesFilter } from '../../renderer/src/views/timeline/lanes-model';
import { proposalLineOf } from '../../renderer/src/views/proposals/proposal-location';
import { moduleOverview, version } from './panel-fakes';

const ALL = { text: '', state: 'all', module: null, proposal: null } as const;

describe('lanes', () => {
  test('one lane per module, oldest first; a rollback is one mark with an arc back, its backup is not drawn', () => {
    const versions = [
      version('v_4', 'knowledge_engine', { state: 'restored', restoredFrom: 'v_1' as never, createdAt: 4000 }),
      version('v_3', 'knowledge_engine', { state: 'pre_rollback', createdAt: 3000 }),
      version('v_2', 'knowledge_engine', { state: 'rolled_back', stable: false, createdAt: 2000 }),
      version('v_1', 'knowledge_engine', { createdAt: 1000 }),
      version('v_0', 'text_utils', { createdAt: 500 }),
    ];
    const modules = [moduleOverview('knowledge_engine', { currentVersionId: 'v_4' as never, lastStableVersionId: 'v_4' as never }), moduleOverview('text_utils')];
    const [engine, text] = buildLanes(versions, modules, ALL, new Map(), 5000);
    expect(engine?.marks.map((mark) => [mark.version.versionId, mark.kind, mark.arcTo])).toEqual([
      ['v_1', 'stable', null],
      ['v_2', 'failed', null],
      ['v_4', 'restored', 1000],
    ]);
    expect(engine?.liveId).toBe('v_4');
    expect(text?.marks).toHaveLength(1);
    expect(firstAtOrAfter(engine?.marks ?? [], 1500)).toBe(1);
  });

  test('filters by state and text (reason, id, proposal feature)', () => {
    const versions = [
      version('v_2', 'm', { state: 'candidate', stable: false, probationUntil: 9000, proposalId: 'proposal_a' as never, createdAt: 2000 }),
      version('v_1', 'm', { createdAt: 1000, reason: 'first recorded version' }),
    ];
    const modules = [moduleOverview('m')];
    const features = new Map([['proposal_a', 'Count facts as text']]);
    expect(buildLanes(versions, modules, { ...ALL, state: 'probation' }, features, 5000)[0]?.marks).toHaveLength(1);
    expect(buildLanes(versions, modules, { ...ALL, text: 'facts as' }, features, 5000)[0]?.marks.map((mark) => mark.version.versionId)).toEqual(['v_2']);
    expect(buildLanes(versions, modules, { ...ALL, state: 'proposal' }, features, 5000)[0]?.marks).toHaveLength(1);
    expect(buildLanes(versions, modules, { ...ALL, proposal: 'proposal_a' as never }, features, 5000)[0]?.marks.map((mark) => mark.version.versionId)).toEqual(['v_2']);
    expect(buildLanes(versions, modules, { ...ALL, proposal: 'proposal_b' as never }, features, 5000)[0]?.marks).toHaveLength(0);
    expect(markKind(versions[0] as never, 10_000)).toBe('candidate');
  });

  test('the list filters by the same rule; a backup shows only under "all states"', () => {
    const backup = version('v_3', 'm', { state: 'pre_rollback', proposalId: 'proposal_a' as never });
    expect(matchesFilter(backup, markKind(backup, 0), { ...ALL, proposal: 'proposal_a' as never }, new Map())).toBe(true);
    expect(matchesFilter(backup, markKind(backup, 0), { ...ALL, state: 'proposal' }, new Map())).toBe(false);
  });

  test('ticks are round and about 110 px apart; days start at local midnight', () => {
    const start = new Date(2026, 11, 1, 10, 0, 7).getTime();
    const { step, ticks } = chooseTicks(start, start + 10 * 60_000, 1200);
    expect(step).toBe(60_000);
    expect(ticks.every((tick) => new Date(tick).getSeconds() === 0)).toBe(true);
    const days = dayStarts(start, start + 2 * 86_400_000);
    expect(days.map((day) => new Date(day).getHours())).toEqual([0, 0]);
  });
});

describe('proposal lines', () => {
  test("a line of the written file maps to the proposal's own line (append after the separator; replace as is)", () => {
    const original = 'line 1\nline 2\n';
    const code = 'a\nb\nc\n';
    // Written: "line 1", "line 2", "", "// ---- separator", "a", "b", "c".
    expect(proposalLineOf({ file: 'm.ts', line: 6, column: 1 }, code, 'append', original)).toBe(2);
    expect(proposalLineOf({ file: 'm.ts', line: 2, column: 1 }, code, 'append', original)).toBeNull();
    expect(proposalLineOf({ file: 'm.ts', line: 3, column: 4 }, code, 'replace', null)).toBe(3);
    expect(proposalLineOf({ file: 'm.ts', line: 9, column: 1 }, code, 'replace', null)).toBeNull();
  });
});
