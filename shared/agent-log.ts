/** How loud a line the agent wrote is: console.debug/trace, log/info, warn, error (stderr writes too). */
export type AgentLogLevel = 'debug' | 'info' | 'warn' | 'error';
export const AGENT_LOG_LEVELS: readonly AgentLogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Where the line came from: a console method, or a write to process.stdout / process.stderr. */
export type AgentLogStream = 'console' | 'stdout' | 'stderr';

/** One line of the agent's own output, kept apart from the control process's answers. */
export interface AgentLogEntry {
  /** Increases by one per line while the control process runs (restarts at 1 after a restart). */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly level: AgentLogLevel;
  /** The module whose code wrote it; null when that is not known. */
  readonly module: string | null;
  readonly stream: AgentLogStream;
  readonly text: string;
}

export interface AgentLogFilter {
  /** Lines at this level or louder. */
  readonly level?: AgentLogLevel;
  /** Case-insensitive text or module name. */
  readonly search?: string;
  readonly module?: string;
}

export function matchesAgentLogFilter(entry: AgentLogEntry, { level, search, module }: AgentLogFilter): boolean {
  if (level !== undefined && AGENT_LOG_LEVELS.indexOf(entry.level) < AGENT_LOG_LEVELS.indexOf(level)) return false;
  if (module !== undefined && entry.module !== module) return false;
  if (search === undefined || search === '') return true;
  const needle = search.toLowerCase();
  return entry.text.toLowerCase().includes(needle) || (entry.module ?? '').toLowerCase().includes(needle);
}

/** `12:04:31.207 warn  tools/echo  text` (local time), the way the CLI and the session print a line. */
export function formatAgentLogEntry(entry: AgentLogEntry): string {
  const at = new Date(entry.time);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${time} ${entry.level.padEnd(5)} ${entry.module ?? '(agent)'}  ${entry.text}`;
}
