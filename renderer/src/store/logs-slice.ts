import type { AgentLogEntry, AgentLogLevel } from '../../../shared/agent-log';
import type { ErrorInfo } from '../../../shared/errors';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

/** The agent's output as the Logs view shows it: the host's ring, kept fresh by events. */
export interface LogsState {
  readonly entries: readonly AgentLogEntry[];
  /** Keep the newest line in view as lines come in. */
  readonly follow: boolean;
  /** Lines at this level or louder; null for every level. */
  readonly level: AgentLogLevel | null;
  readonly search: string;
  readonly error: ErrorInfo | null;
}

export interface LogsSlice {
  readonly logs: LogsState;
  readonly loadAgentLog: () => Promise<void>;
  readonly receiveAgentLog: (entries: readonly AgentLogEntry[]) => void;
  readonly agentLogCleared: () => void;
  /** Clears the lines for every view (the workspace's log file keeps them). */
  readonly clearAgentLog: () => Promise<void>;
  readonly setLogsFollow: (follow: boolean) => void;
  readonly setLogsLevel: (level: AgentLogLevel | null) => void;
  readonly setLogsSearch: (search: string) => void;
}

/** As many as the host keeps; older lines are in the workspace's log file (`npm run cli -- logs`). */
export const MAX_LOG_ENTRIES = 5_000;

export function createLogsSlice(client: PanelClient): SliceCreator<LogsSlice> {
  return (set) => {
    const setLogs = (change: Partial<LogsState>) => set((state) => ({ logs: { ...state.logs, ...change } }));
    return {
      logs: { entries: [], follow: true, level: null, search: '', error: null },

      loadAgentLog: async () => {
        try {
          setLogs({ entries: (await client.agentLog({})).slice(-MAX_LOG_ENTRIES), error: null });
        } catch (error) {
          setLogs({ error: describeFailure(error) });
        }
      },

      receiveAgentLog: (entries) =>
        set((state) => {
          const last = state.logs.entries[state.logs.entries.length - 1]?.seq ?? 0;
          // A line already fetched with the list is not added twice (after a reconnect the list is fetched afresh).
          const fresh = entries.filter((entry) => entry.seq > last);
          return { logs: { ...state.logs, entries: [...state.logs.entries, ...fresh].slice(-MAX_LOG_ENTRIES) } };
        }),

      agentLogCleared: () => setLogs({ entries: [] }),

      clearAgentLog: async () => {
        try {
          await client.clearAgentLog({});
          setLogs({ entries: [], error: null });
        } catch (error) {
          setLogs({ error: describeFailure(error) });
        }
      },

      setLogsFollow: (follow) => setLogs({ follow }),
      setLogsLevel: (level) => setLogs({ level }),
      setLogsSearch: (search) => setLogs({ search }),
    };
  };
}
