// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ApplyResult } from '../../shared/proposals';
import { App } from '../../renderer/src/App';
import { AppStoreProvider } from '../../renderer/src/store/app-store-context';
import { fakePanel, moduleOverview, proposal, reloadRecord, settle, version, type Answer } from './panel-fakes';

// Monaco does not run in jsdom: the editors are stand-ins that show what they were given.
vi.mock('../../renderer/src/monaco/DiffView', () => ({
  DiffView: (props: { original: string; modified: string; originalLabel: string; modifiedLabel: string; testId?: string; sideBySide?: boolean }) => (
    <figure data-testid={props.testId} data-side-by-side={props.sideBySide ?? true}>
      <figcaption>
        {props.originalLabel} | {props.modifiedLabel}
      </figcaption>
      <pre data-side="original">{props.original}</pre>
      <pre data-side="modified">{props.modified}</pre>
    </figure>
  ),
}));
vi.mock('../../renderer/src/monaco/CodeEditor', () => ({
  CodeEditor: (props: { value: string; ariaLabel: string; onChange?: (value: string) => void; readOnly?: boolean }) => (
    <textarea aria-label={props.ariaLabel} value={props.value} readOnly={props.readOnly} onChange={(event) => props.onChange?.(event.target.value)} />
  ),
}));

afterEach(() => cleanup());

const MODULES = [
  moduleOverview('knowledge_engine', { transitiveDependents: ['reasoning', 'saraphina'] as never, inFlight: 2, currentVersionId: 'v_3' as never }),
  moduleOverview('text_utils', { health: 'probation', probationUntil: Date.now() + 3000 }),
];

async function renderPanel(answers: Record<string, Answer> = {}) {
  const panel = fakePanel({ listModules: () => MODULES, workspaceInfo: () => ({ root: '/ws', appVersion: '1', model: null }), ...answers });
  render(
    <AppStoreProvider store={panel.store}>
      <App />
    </AppStoreProvider>,
  );
  await act(settle);
  return panel;
}

function sidebar() {
  return within(screen.getByRole('list', { name: 'Modules' }));
}

describe('layout', () => {
  test('the sidebar shows each module with its health, short hash, dependents and calls in flight; selecting one filters the views', async () => {
    const { store } = await renderPanel();
    const item = sidebar().getByRole('button', { name: /knowledge_engine/ });
    expect(item.textContent).toContain('Stable');
    expect(item.textContent).toContain('ab000000');
    expect(item.textContent).toContain('2 dependents');
    expect(item.textContent).toContain('2 in flight');
    expect(sidebar().getByRole('button', { name: /text_utils/ }).textContent).toContain('On probation');
    fireEvent.click(item);
    expect(store.getState().modules.selectedId).toBe('knowledge_engine');
    expect(screen.getByTestId('module-filter').textContent).toContain('knowledge_engine');
    fireEvent.click(screen.getByRole('button', { name: 'Show all modules' }));
    expect(store.getState().modules.selectedId).toBeNull();
  });

  test('views are tabs with names; Alt+digit and the arrow keys switch between them', async () => {
    await renderPanel();
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent?.replace(/Alt\+\d/, ''));
    expect(tabs).toEqual(['Proposals', 'Timeline', 'Audit', 'Console', 'Logs']);
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    expect(screen.getByRole('tab', { name: /Timeline/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-timeline');
    fireEvent.keyDown(screen.getByRole('tablist'), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: /Audit/ }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: '4', code: 'Digit4', altKey: true });
    expect(screen.getByRole('log', { name: 'Console output' })).toBeTruthy();
  });

  test('every control in every view has an accessible name', async () => {
    await renderPanel({
      listVersions: () => [version('v_3', 'knowledge_engine'), version('v_2', 'knowledge_engine')],
      listProposals: () => [proposal('proposal_1')],
      versionDetail: ({ versionId }) => ({ version: version(String(versionId), 'knowledge_engine'), content: 'a', previous: null, previousContent: null }),
      moduleSource: () => ({ module: 'knowledge_engine', content: 'a', hash: 'ab'.repeat(32) }),
    });
    for (const key of ['1', '2', '3', '4', '5']) {
      fireEvent.keyDown(window, { key, code: `Digit${key}`, altKey: true });
      await act(settle);
      expect(screen.queryAllByRole('button').length, `buttons in view ${key}`).toBeGreaterThan(3);
      for (const role of ['button', 'combobox', 'textbox', 'radio', 'checkbox', 'tab', 'listbox'] as const) {
        const all = screen.queryAllByRole(role);
        const named = screen.queryAllByRole(role, { name: /\S/ });
        expect(named.length, `unnamed ${role} in view ${key}`).toBe(all.length);
      }
    }
  });

  test('the Logs view shows what the agent printed as it comes, filtered by level, text and the selected module; Clear empties it', async () => {
    const line = (seq: number, level: string, module: string, text: string) => ({ seq, time: Date.UTC(2026, 0, 1, 12, 0, seq), level, module, stream: 'console', text });
    const { emit, calls, store } = await renderPanel({ agentLog: () => [line(1, 'info', 'knowledge_engine', 'loaded 3 facts')], clearAgentLog: () => null });
    fireEvent.keyDown(window, { key: '5', code: 'Digit5', altKey: true });
    await act(settle);
    const shown = () => screen.queryAllByTestId('log-line').map((row) => row.textContent);
    expect(shown()).toEqual([expect.stringContaining('loaded 3 facts')]);
    act(() => emit('agentLogAppended', [line(1, 'info', 'knowledge_engine', 'loaded 3 facts'), line(2, 'error', 'text_utils', 'boom'), line(3, 'warn', 'knowledge_engine', 'slow')]));
    expect(shown()).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'warn' } });
    expect(shown()).toEqual([expect.stringContaining('boom'), expect.stringContaining('slow')]);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'BOO' } });
    expect(shown()).toEqual([expect.stringContaining('text_utils')]);
    expect(screen.getByTestId('logs-count').textContent).toContain('1 of 3 lines');
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '' } });
    act(() => store.getState().selectModule('knowledge_engine' as never));
    expect(shown()).toEqual([expect.stringContaining('slow')]);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await act(settle);
    expect(calls.some((call) => call.method === 'clearAgentLog')).toBe(true);
    expect(shown()).toEqual([]);
  });

  test('changes pushed by the main process show up live', async () => {
    const { emit } = await renderPanel();
    act(() => emit('changeStarted', { change: 'reload', module: 'text_utils', startedAt: 1 }));
    expect(screen.getByTestId('activity').textContent).toContain('Reloading text_utils');
    act(() => {
      emit('changeFinished', { change: 'reload', module: 'text_utils', startedAt: 1 });
      emit('reloadFinished', reloadRecord('r1', 'text_utils', { outcome: 'failed', error: { code: 'CHECK_FAILED', message: 'health() threw' } }));
      emit('modulesChanged', [MODULES[0], moduleOverview('text_utils', { health: 'reload_failed', lastReload: { outcome: 'failed', startedAt: 1, error: { code: 'CHECK_FAILED', message: 'health() threw' } } })]);
    });
    expect(screen.getByTestId('activity').textContent).toBe('');
    expect(sidebar().getByRole('button', { name: /text_utils/ }).textContent).toContain('Reload failed');
    expect(screen.getByTestId('notices').textContent).toContain('text_utils: reload failed');
    expect(screen.getByTestId('notices').textContent).toContain('health() threw');
  });
});

describe('timeline', () => {
  const many = Array.from({ length: 10_000 }, (_, index) =>
    version(`v_${String(10_000 - index).padStart(5, '0')}`, index % 2 === 0 ? 'knowledge_engine' : 'text_utils'),
  );

  test('renders only the rows in view of 10,000 versions, loads older pages as the end comes into view, and the keyboard moves the selection', async () => {
    const { store } = await renderPanel({ listVersions: () => many });
    act(() => store.getState().setTab('timeline'));
    const list = screen.getByRole('listbox', { name: 'Versions of all modules' });
    expect(list.getAttribute('data-count')).toBe('1000');
    const rendered = within(list).getAllByRole('option');
    expect(rendered.length).toBeLessThan(60);
    // While older pages exist, the size of the whole list is not known yet.
    expect(rendered[0]?.getAttribute('aria-setsize')).toBe('-1');
    expect(screen.getByTestId('timeline-count').textContent).toMatch(/older ones load as you scroll/);
    fireEvent.click(rendered[0] as HTMLElement);
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(store.getState().timeline.selectedId).toBe('v_09999');
    for (let pages = 1; pages < 10; pages += 1) {
      await act(async () => {
        fireEvent.scroll(list, { target: { scrollTop: Number(list.getAttribute('data-count')) * 60 - 600 } });
        await settle();
      });
    }
    expect(list.getAttribute('data-count')).toBe('10000');
    expect(store.getState().timeline.olderFrom).toBeNull();
    fireEvent.keyDown(list, { key: 'End' });
    expect(store.getState().timeline.selectedId).toBe('v_00001');
    fireEvent.scroll(list, { target: { scrollTop: 9_990 * 60 } });
    expect(within(list).getByRole('option', { name: /reason of v_00001/ }).getAttribute('aria-setsize')).toBe('10000');
  });

  test('selecting a version shows its diff against the file and the previous version; rollback states the consequence first', async () => {
    const applied = version('v_3', 'knowledge_engine', { state: 'candidate', stable: false, reason: 'apply proposal_1 (append)', proposalId: 'proposal_1' as never });
    const baseline = version('v_1', 'knowledge_engine', { reason: 'first recorded version' });
    const { store, called } = await renderPanel({
      listVersions: () => [applied, baseline],
      versionDetail: ({ versionId }) =>
        versionId === 'v_3'
          ? { version: applied, content: 'old\nnew\n', previous: baseline, previousContent: 'old\n' }
          : { version: baseline, content: 'old\n', previous: null, previousContent: null },
      moduleSource: () => ({ module: 'knowledge_engine', content: 'old\nnew\n', hash: applied.hash }),
      rollbackToVersion: () => ({ module: 'knowledge_engine', restoredFrom: 'v_1', versionId: 'v_4', preRollbackVersionId: 'v_5', hash: baseline.hash, reload: null }),
    });
    act(() => store.getState().setTab('timeline'));
    fireEvent.click(screen.getByRole('option', { name: /apply proposal_1/ }));
    await act(settle);
    const pane = within(screen.getByTestId('version-pane'));
    expect(pane.getByText('proposal_1')).toBeTruthy();
    expect(pane.getByRole('button', { name: 'Roll back to this version' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(pane.getByLabelText('Against the previous version'));
    expect(screen.getByTestId('timeline-diff').textContent).toContain('v_1 (previous) | v_3 (this version)');

    fireEvent.click(screen.getByRole('option', { name: /first recorded version/ }));
    await act(settle);
    fireEvent.click(screen.getByLabelText('Against the current file'));
    expect(screen.getByTestId('timeline-diff').querySelector('[data-side="modified"]')?.textContent).toBe('old\nnew\n');
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to this version' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Roll back knowledge_engine to v_1?' }));
    expect(dialog.getByText(/will be overwritten with version/)).toBeTruthy();
    expect(dialog.getByText(/re-instantiated/).textContent).toContain('reasoning');
    expect(dialog.getByText(/Nothing in the history is removed or rewritten/)).toBeTruthy();
    expect(called('rollbackToVersion')).toHaveLength(0);
    fireEvent.click(dialog.getByRole('button', { name: 'Roll back knowledge_engine' }));
    await act(settle);
    expect(called('rollbackToVersion')[0]?.input).toEqual({ versionId: 'v_1' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('proposals and apply', () => {
  test('the Apply dialog preselects the suggested module with its reason, offers Append/Replace, shows warnings, then the steps and a plain failure', async () => {
    const rolledBack: ApplyResult = {
      outcome: 'rolled_back',
      proposalId: 'proposal_1' as never,
      module: 'knowledge_engine' as never,
      mode: 'replace',
      versionId: 'v_7' as never,
      oldHash: 'a'.repeat(64) as never,
      newHash: 'b'.repeat(64) as never,
      steps: [
        { name: 'checkpoint', ok: true, ms: 3 },
        { name: 'write', ok: true, ms: 4 },
        { name: 'reload', ok: false, ms: 40, detail: 'threw while loading' },
        { name: 'rollback', ok: true, ms: 9, detail: 'files byte-identical to before' },
      ],
      error: { code: 'EVAL_ERROR', message: 'knowledge_engine.ts threw while loading: boom', location: 'knowledge_engine.ts:2:7', restoredVersionId: 'v_3' as never },
    };
    const { called } = await renderPanel({
      listProposals: () => [proposal('proposal_1', { status: 'approved' })],
      previewApply: ({ module, mode }) => ({
        proposalId: 'proposal_1',
        module: module ?? 'knowledge_engine',
        mode,
        original: 'old\n',
        result: mode === 'replace' ? 'new\n' : 'old\nnew\n',
        baseHash: 'c'.repeat(64),
        warnings: mode === 'replace' ? ['Replacing knowledge_engine.ts removes exports: count_facts (used by saraphina)'] : ['Reloading knowledge_engine re-instantiates its dependents: reasoning'],
      }),
      applyProposal: () => rolledBack,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply…' }));
    await act(settle);
    const dialog = within(screen.getByRole('dialog', { name: 'Apply proposal_1' }));
    expect((dialog.getByLabelText('Target module') as HTMLSelectElement).value).toBe('knowledge_engine');
    expect(dialog.getByTestId('suggestion').textContent).toContain('the code uses what it exports (uses count_facts)');
    expect((dialog.getByRole('radio', { name: 'Append' }) as HTMLInputElement).checked).toBe(true);
    expect(dialog.getByTestId('apply-diff').textContent).toContain('knowledge_engine.ts now');
    fireEvent.click(dialog.getByRole('radio', { name: 'Replace' }));
    await act(settle);
    expect(dialog.getByRole('list', { name: 'Warnings' }).textContent).toContain('removes exports');
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm: replace into knowledge_engine' }));
    await act(settle);
    expect(called('applyProposal')[0]?.input).toEqual({ id: 'proposal_1', module: 'knowledge_engine', mode: 'replace', baseHash: 'c'.repeat(64) });
    const outcome = dialog.getByTestId('apply-outcome').textContent ?? '';
    expect(outcome).toContain('The apply failed at reload: knowledge_engine.ts threw while loading: boom');
    expect(outcome).toContain('knowledge_engine.ts:2:7');
    expect(outcome).toContain('knowledge_engine was rolled back to version v_3');
    const steps = within(dialog.getByRole('list', { name: 'Apply steps' })).getAllByRole('listitem');
    expect(steps.map((step) => step.getAttribute('data-state'))).toEqual(['ok', 'ok', 'failed', 'ok']);
  });
});

describe('console', () => {
  test('runs lines, answers a question with a button, and completes with Tab', async () => {
    const { store, called } = await renderPanel({
      consoleExecute: () => ({ kind: 'question', command: '/rollback v_1', questionId: 'q1', question: 'Restore knowledge_engine.ts to v_1?', flag: '--yes', defaultAnswer: 'no', choices: ['yes', 'no'] }),
      consoleAnswer: () => ({ kind: 'done', ok: true, command: '/rollback v_1', text: 'restored knowledge_engine from v_1', result: null }),
      consoleComplete: ({ line }) => ({ from: String(line).lastIndexOf(' ') + 1, candidates: ['knowledge_engine', 'text_utils'] }),
    });
    act(() => store.getState().setTab('console'));
    const input = screen.getByRole('textbox', { name: 'Console command' });
    fireEvent.change(input, { target: { value: 'roll back to v_1' } });
    fireEvent.submit(input);
    await act(settle);
    const log = within(screen.getByRole('log', { name: 'Console output' }));
    expect(log.getByText('→ /rollback v_1')).toBeTruthy();
    expect(log.getByText(/Or run the command with/).textContent).toContain('--yes');
    fireEvent.click(log.getByRole('button', { name: 'yes' }));
    await act(settle);
    expect(called('consoleAnswer')[0]?.input).toEqual({ questionId: 'q1', answer: 'yes' });
    expect(log.getByText('restored knowledge_engine from v_1')).toBeTruthy();

    fireEvent.change(input, { target: { value: '/history k' } });
    fireEvent.keyDown(input, { key: 'Tab' });
    await act(settle);
    expect(within(screen.getByRole('list', { name: 'Completions' })).getAllByRole('button').map((button) => button.textContent)).toEqual([
      'knowledge_engine',
      'text_utils',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'knowledge_engine' }));
    expect((input as HTMLInputElement).value).toBe('/history knowledge_engine');
  });
});

describe('background errors', () => {
  test("the sidebar shows a background error of the code that serves, with its .ts line and how many so far", async () => {
    const last = {
      module: 'knowledge_engine',
      hash: MODULES[0]?.hash,
      kind: 'unhandled rejection',
      message: 'fetch failed',
      location: 'src/knowledge_engine.ts:41:11',
      stack: 'Error: fetch failed',
      at: Date.now(),
      action: 'recorded',
      versionId: null,
      count: 3,
      firstAt: Date.now(),
      earlierRun: false,
    } as const;
    const modules = [
      moduleOverview('knowledge_engine', { backgroundErrors: { count: 3, last: last as never } }),
      // One from code that no longer serves is not shown on the module.
      moduleOverview('text_utils', { hash: 'cd'.repeat(32) as never, backgroundErrors: { count: 1, last: { ...last, module: 'text_utils' } as never } }),
    ];
    await renderPanel({ listModules: () => modules });
    const shown = screen.getAllByTestId('background-error');
    expect(shown).toHaveLength(1);
    expect(shown[0]?.textContent).toBe('unhandled rejection in the background (3 so far): fetch failed src/knowledge_engine.ts:41:11');
  });

  test('a background error raised before the agent restarted says so', async () => {
    const last = {
      module: 'knowledge_engine',
      hash: MODULES[0]?.hash,
      kind: 'uncaught exception',
      message: 'tick failed',
      location: null,
      stack: 'Error: tick failed',
      at: Date.now(),
      action: 'recorded',
      versionId: null,
      count: 1,
      firstAt: Date.now(),
      earlierRun: true,
    } as const;
    await renderPanel({ listModules: () => [moduleOverview('knowledge_engine', { backgroundErrors: { count: 1, last: last as never } })] });
    expect(screen.getByTestId('background-error').textContent).toBe('uncaught exception in the background: tick failed — before the agent restarted');
  });
});

describe('late calls', () => {
  const running = {
    id: 7,
    module: 'knowledge_engine',
    hash: 'ab'.repeat(32),
    phase: 'running',
    running: [{ name: 'slowTask', startedAt: Date.now() - 12_000 }],
    late: 1,
    settled: 0,
    abandonAt: Date.now() + 8_000,
    at: Date.now(),
  } as const;

  test('a panel that connects sees the late calls running now; how they end replaces them; a new change of the module clears that', async () => {
    const { emit } = await renderPanel({ listLateCalls: () => [running] });
    const line = await screen.findByTestId('late-calls-line');
    expect(line.textContent).toMatch(/^1 call still running on the replaced version: slowTask \(\d+ s\) — given up in \d+ s$/);
    act(() => emit('lateCallsChanged', { ...running, phase: 'abandoned' }));
    expect(screen.getByTestId('late-calls-line').textContent).toBe('1 late call given up on the replaced version: slowTask (its caller got CALL_ABANDONED)');
    act(() => emit('changeStarted', { change: 'reload', module: 'knowledge_engine', startedAt: Date.now() }));
    expect(screen.queryByTestId('late-calls')).toBeNull();
  });

  test('Dismiss forgets how they ended; running ones on another module stay', async () => {
    const { emit } = await renderPanel();
    act(() => {
      emit('lateCallsChanged', { ...running, phase: 'settled', running: [], settled: 1 });
      emit('lateCallsChanged', { ...running, id: 8, module: 'text_utils' });
    });
    expect(screen.getAllByTestId('late-calls-line').map((line) => line.getAttribute('data-phase')).sort()).toEqual(['running', 'settled']);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getAllByTestId('late-calls-line').map((line) => line.getAttribute('data-phase'))).toEqual(['running']);
  });
});
