/** What the control process knows of the agent process it supervises (panel, session, CLI). */

/** starting: loading modules; running: serving; restarting: after a crash; stopped: repair mode (no agent code runs). */
export type AgentState = 'starting' | 'running' | 'restarting' | 'stopped';

export type AgentCrashKind = 'exit' | 'signal' | 'out-of-memory' | 'unresponsive' | 'cpu-limit' | 'memory-limit' | 'start-failed';

/** One death of the agent process, as recorded in the history. */
export interface AgentCrash {
  readonly at: number;
  readonly kind: AgentCrashKind;
  /** One line: "process.exit(3) in a call to tools/echo.ts shout()", "event loop blocked for 5000 ms". */
  readonly reason: string;
  /** The module it is attributed to, when known (the call in flight, the stack's first workspace frame). */
  readonly module: string | null;
  /** `file.ts:line` of that frame, when known. */
  readonly location: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The agent process's last lines of output before it died. */
  readonly lastOutput: readonly string[];
}

export interface AgentLimits {
  readonly memoryMb: number;
  /** The watchdog kills an agent whose event loop does not answer for this long. */
  readonly unresponsiveMs: number;
  /** Average CPU of one core over 10 s above which the agent is stopped; null: no limit. */
  readonly cpuPercent: number | null;
  /** This many crashes inside `crashLoopWindowMs` stop the restarts. */
  readonly crashLoopCount: number;
  readonly crashLoopWindowMs: number;
}

export interface AgentStatus {
  readonly state: AgentState;
  readonly pid: number | null;
  /** When the agent entered this state (ms since epoch). */
  readonly since: number;
  /** One line for a person: "running (pid 4711)", "agent stopped: … — restarted on its last stable code in 420 ms". */
  readonly message: string;
  /** Crashes since the control process started, newest first (the history keeps all). */
  readonly crashes: readonly AgentCrash[];
  /** How long the last restart took to be ready again, in ms. */
  readonly lastRestartMs: number | null;
  readonly limits: AgentLimits;
}
