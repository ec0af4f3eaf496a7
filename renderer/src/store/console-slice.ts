import type { ConsoleAnswer, ConsoleCompletion } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

export type ConsoleQuestion = Extract<ConsoleAnswer, { kind: 'question' }>;

/** One line typed in the console and what came of it. */
export interface ConsoleEntry {
  readonly id: number;
  readonly input: string;
  /** The session command the line ran as (differs from `input` for plain-language lines). */
  readonly command: string | null;
  /** 'event': something the agent did by itself (an automatic rollback), told where the person types. */
  readonly status: 'running' | 'question' | 'ok' | 'error' | 'event';
  readonly text?: string;
  readonly error?: ErrorInfo;
  readonly question?: ConsoleQuestion;
  /** The answer given to the question, shown under it. */
  readonly answered?: string;
}

export interface ConsoleState {
  readonly entries: readonly ConsoleEntry[];
  /** Lines run, oldest first (for ↑/↓). */
  readonly history: readonly string[];
  readonly busy: boolean;
}

export interface ConsoleSlice {
  readonly console: ConsoleState;
  readonly runConsoleLine: (line: string) => Promise<void>;
  readonly answerConsoleQuestion: (answer: string) => Promise<void>;
  readonly completeConsoleLine: (line: string) => Promise<ConsoleCompletion>;
  readonly clearConsole: () => void;
  /** Adds what happened without a command (an automatic rollback and its cause) to the log. */
  readonly noteInConsole: (title: string, text: string) => void;
}

const MAX_ENTRIES = 200;
const MAX_HISTORY = 100;

export function createConsoleSlice(client: PanelClient, initialHistory: readonly string[] = []): SliceCreator<ConsoleSlice> {
  let nextId = 1;
  return (set, get) => {
    const update = (id: number, change: Partial<ConsoleEntry>) =>
      set((state) => ({
        console: {
          ...state.console,
          entries: state.console.entries.map((entry) => (entry.id === id ? { ...entry, ...change } : entry)),
        },
      }));

    const receive = (id: number, answer: ConsoleAnswer) => {
      if (answer.kind === 'question') update(id, { status: 'question', command: answer.command, question: answer });
      else if (answer.ok) update(id, { status: 'ok', command: answer.command, text: answer.text });
      else update(id, { status: 'error', command: answer.command, error: answer.error });
      set((state) => ({ console: { ...state.console, busy: answer.kind === 'question' ? state.console.busy : false } }));
    };

    return {
      console: { entries: [], history: [...initialHistory], busy: false },

      runConsoleLine: async (line) => {
        const input = line.trim();
        if (input === '') return;
        const id = nextId++;
        // A question still waiting is cancelled by the main process when a new line runs.
        set((state) => ({
          console: {
            entries: [
              ...state.console.entries.map((entry) =>
                entry.status === 'question' ? { ...entry, status: 'error' as const, error: { code: 'USAGE' as const, message: 'Cancelled by the next command; nothing was changed.' } } : entry,
              ),
              { id, input, command: null, status: 'running' as const },
            ].slice(-MAX_ENTRIES),
            history: [...state.console.history.filter((previous) => previous !== input), input].slice(-MAX_HISTORY),
            busy: true,
          },
        }));
        try {
          receive(id, await client.consoleExecute({ line: input }));
        } catch (error) {
          update(id, { status: 'error', error: describeFailure(error) });
          set((state) => ({ console: { ...state.console, busy: false } }));
        }
      },

      answerConsoleQuestion: async (answer) => {
        const waiting = get().console.entries.find((entry) => entry.status === 'question');
        if (waiting?.question === undefined) return;
        const shown = answer.trim() === '' ? (waiting.question.defaultAnswer ?? '') : answer.trim();
        update(waiting.id, { status: 'running', answered: shown });
        try {
          receive(waiting.id, await client.consoleAnswer({ questionId: waiting.question.questionId, answer }));
        } catch (error) {
          update(waiting.id, { status: 'error', error: describeFailure(error) });
          set((state) => ({ console: { ...state.console, busy: false } }));
        }
      },

      completeConsoleLine: (line) => client.consoleComplete({ line }),

      noteInConsole: (title, text) =>
        set((state) => ({
          console: {
            ...state.console,
            entries: [...state.console.entries, { id: nextId++, input: title, command: null, status: 'event' as const, text }].slice(-MAX_ENTRIES),
          },
        })),
      clearConsole: () => set((state) => ({ console: { ...state.console, entries: [] } })),
    };
  };
}
