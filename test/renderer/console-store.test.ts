import { describe, expect, test } from 'vitest';
import { fakePanel } from './panel-fakes';

describe('the console store', () => {
  test('runs a line, shows the command it ran as, and keeps the history without duplicates', async () => {
    const { store } = fakePanel({
      consoleExecute: ({ line }) => ({ kind: 'done', ok: true, command: line === 'list modules' ? '/modules' : line, text: 'a\nb', result: null }),
    });
    await store.getState().runConsoleLine('list modules');
    await store.getState().runConsoleLine('/help');
    await store.getState().runConsoleLine('list modules');
    const { entries, history, busy } = store.getState().console;
    expect(entries[0]).toMatchObject({ input: 'list modules', command: '/modules', status: 'ok', text: 'a\nb' });
    expect(history).toEqual(['/help', 'list modules']);
    expect(busy).toBe(false);
  });

  test('a question waits for an answer; the answer is sent with the question id and the command goes on', async () => {
    const { store, called } = fakePanel({
      consoleExecute: () => ({ kind: 'question', command: '/rollback v_1', questionId: 'q1', question: 'Restore a.ts?', flag: '--yes', defaultAnswer: 'no' }),
      consoleAnswer: () => ({ kind: 'done', ok: true, command: '/rollback v_1', text: 'restored a', result: null }),
    });
    await store.getState().runConsoleLine('/rollback v_1');
    expect(store.getState().console.entries[0]).toMatchObject({ status: 'question', question: { questionId: 'q1' } });
    await store.getState().answerConsoleQuestion('yes');
    expect(called('consoleAnswer')[0]?.input).toEqual({ questionId: 'q1', answer: 'yes' });
    expect(store.getState().console.entries[0]).toMatchObject({ status: 'ok', answered: 'yes', text: 'restored a' });
  });

  test('errors are shown with their code and hint, never swallowed', async () => {
    const { store } = fakePanel({
      consoleExecute: () => ({ kind: 'done', ok: false, command: 'x', error: { code: 'UNKNOWN_COMMAND', message: 'Not a command: "x".', hint: 'Type /help.' } }),
    });
    await store.getState().runConsoleLine('x');
    expect(store.getState().console.entries[0]).toMatchObject({ status: 'error', error: { code: 'UNKNOWN_COMMAND', hint: 'Type /help.' } });
  });
});
