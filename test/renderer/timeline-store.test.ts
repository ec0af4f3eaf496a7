import { describe, expect, test } from 'vitest';
import { mergeHistory } from '../../renderer/src/store/timeline-slice';
import { failure, fakePanel, reloadRecord, settle, version } from './panel-fakes';

describe('the timeline store', () => {
  test('merges pushed history: new entries on top, updated ones in place, nothing lost or duplicated', () => {
    const list = [version('v_2', 'a', { state: 'candidate', stable: false }), version('v_1', 'a')];
    const merged = mergeHistory(list, {
      added: [version('v_3', 'b'), version('v_2', 'a')],
      updated: [version('v_2', 'a', { state: 'stable' })],
    });
    expect(merged.map((entry) => [entry.versionId, entry.state])).toEqual([
      ['v_3', 'stable'],
      ['v_2', 'stable'],
      ['v_1', 'stable'],
    ]);
  });

  test('history pushed while the full list is on its way is kept on top of it', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const { store, emit } = fakePanel({ listVersions: () => new Promise((resolve) => (answer = resolve)) });
    emit('historyChanged', { added: [version('v_new', 'a')], updated: [] });
    answer([version('v_old', 'a')]);
    await settle();
    expect(store.getState().timeline.versions.map((entry) => entry.versionId)).toEqual(['v_new', 'v_old']);
    expect(store.getState().timeline.loaded).toBe(true);
  });

  test('the history comes in pages: the newest first, older ones when asked, none repeated or lost', async () => {
    const all = Array.from({ length: 2_500 }, (_, index) => version(`v_${String(2_500 - index).padStart(5, '0')}`, index % 2 === 0 ? 'a' : 'b'));
    const { store, emit, called } = fakePanel({ listVersions: () => all });
    await settle();
    expect(store.getState().timeline.versions).toHaveLength(1_000);
    expect(store.getState().timeline.olderFrom).toBe('v_01501');
    // A version recorded meanwhile goes on top; the older page goes below.
    emit('historyChanged', { added: [version('v_02501', 'a')], updated: [] });
    await Promise.all([store.getState().loadOlderVersions(), store.getState().loadOlderVersions()]);
    expect(called('listVersionsPage')).toHaveLength(2);
    await store.getState().loadOlderVersions();
    const { versions, olderFrom } = store.getState().timeline;
    expect(olderFrom).toBeNull();
    expect(versions.map((entry) => entry.versionId)).toEqual(['v_02501', ...all.map((entry) => entry.versionId)]);
    await store.getState().loadOlderVersions();
    expect(called('listVersionsPage')).toHaveLength(3);
  });

  test('a rollback asks first, runs only when confirmed, and selects the new "restored" entry', async () => {
    const target = version('v_1', 'a');
    const { store, called } = fakePanel({
      listVersions: () => [target],
      rollbackToVersion: ({ versionId }) => ({ module: 'a', restoredFrom: versionId, versionId: 'v_9', preRollbackVersionId: 'v_8', hash: target.hash, reload: null }),
    });
    await settle();
    store.getState().askRollback(target);
    expect(store.getState().timeline.rollback).toMatchObject({ status: 'confirming', target });
    expect(called('rollbackToVersion')).toHaveLength(0);
    await store.getState().confirmRollback();
    expect(called('rollbackToVersion')[0]?.input).toEqual({ versionId: 'v_1' });
    expect(store.getState().timeline).toMatchObject({ rollback: { status: 'idle' }, selectedId: 'v_9' });
  });

  test('a failed rollback stays in the dialog with its reason', async () => {
    const target = version('v_1', 'a', { state: 'failed', stable: false });
    const { store } = fakePanel({
      rollbackToVersion: () => {
        throw failure('CHECK_FAILED', 'Restored code did not reload');
      },
    });
    store.getState().askRollback(target);
    await store.getState().confirmRollback();
    expect(store.getState().timeline.rollback).toMatchObject({
      status: 'error',
      error: { code: 'CHECK_FAILED', message: 'Restored code did not reload' },
    });
  });

  test('lines added and removed are asked for what is shown, in one batch, never again once known or on their way', async () => {
    const count = ({ versionIds }: { versionIds?: unknown }) =>
      Object.fromEntries((versionIds as string[]).map((id) => [id, { added: id.length, removed: 1 }]));
    const { store, called } = fakePanel({ listVersions: () => [version('v_2', 'a'), version('v_1', 'a')], versionLineChanges: count as never });
    await settle();
    // Nothing is counted until something is shown.
    expect(called('versionLineChanges')).toHaveLength(0);
    store.getState().wantLineChanges(['v_2']);
    store.getState().wantLineChanges(['v_1', 'v_2']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    expect(called('versionLineChanges').map((call) => call.input)).toEqual([{ versionIds: ['v_2', 'v_1'] }]);
    expect(store.getState().timeline.lineChanges.get('v_1')).toEqual({ added: 3, removed: 1 });
    store.getState().wantLineChanges(['v_1', 'v_300']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    expect(called('versionLineChanges').map((call) => call.input)).toEqual([{ versionIds: ['v_2', 'v_1'] }, { versionIds: ['v_300'] }]);
  });

  test('one filter for the lanes and the list: set from a link, cleared field by field', () => {
    const { store } = fakePanel({});
    store.getState().setTimelineFilter({ proposal: 'proposal_a' as never });
    store.getState().setTimelineFilter({ text: 'facts' });
    expect(store.getState().timeline.filter).toEqual({ text: 'facts', state: 'all', proposal: 'proposal_a' });
  });
});

describe('auto-reload in the store', () => {
  test('the toggle reads and sets the setting; an auto-reload is told once, by auto-reload, with what keeps serving', async () => {
    let enabled = false;
    const { store, emit } = fakePanel({
      autoReloadState: () => ({ enabled, problem: null }),
      setAutoReload: (input) => {
        enabled = input['enabled'] === true;
        return { enabled, problem: null };
      },
    });
    await settle();
    expect(store.getState().autoReload.setting).toEqual({ enabled: false, problem: null });
    await store.getState().setAutoReload(true);
    expect(store.getState().autoReload.setting?.enabled).toBe(true);

    emit('autoReloaded', { phase: 'started', module: 'a' });
    const failed = reloadRecord('r1', 'a', { outcome: 'failed', error: { code: 'COMPILE_ERROR', message: 'Unexpected token' } });
    emit('reloadFinished', failed);
    emit('autoReloaded', { phase: 'finished', module: 'a', record: failed });
    const texts = store.getState().ui.noticeHistory.map((notice) => `${notice.text} | ${notice.detail ?? ''}`);
    expect(texts).toEqual(['Auto-reload of a: failed | Unexpected token. The previous code keeps serving; the file keeps what was saved.']);
    expect(store.getState().autoReload.reloading).toEqual([]);
    expect(store.getState().console.entries.at(-1)).toMatchObject({ input: 'auto-reload a', status: 'event' });
  });
});
