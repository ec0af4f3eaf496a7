import type { AgentCrash } from '../../shared/agent-status';
import type { ErrorInfo } from '../../shared/errors';
import type { Envelope } from '../../shared/result';

/*
 * The messages between the control process and the agent process it supervises. Plain JSON
 * values only: they cross Node's IPC channel and Electron's MessagePort alike.
 */

/** What the agent process is started with (in the SARAPHINA_AGENT_START environment variable). */
export interface AgentStartOptions {
  readonly root: string;
  readonly appVersion: string;
  /** false: repair mode, nothing of the agent's code runs. */
  readonly runCode: boolean;
  /** The previous agent died: every module starts on its last stable version. */
  readonly restoreStable: boolean;
  /** Deaths not recorded in the history yet; the agent records them before any module loads. */
  readonly crashes: readonly AgentCrash[];
  /** `session --watch`: reload a module when its file is saved. */
  readonly watch: boolean;
}

export const START_OPTIONS_ENV = 'SARAPHINA_AGENT_START';

export type ToAgent =
  | { readonly type: 'request'; readonly id: number; readonly message: unknown }
  | { readonly type: 'ping'; readonly id: number }
  /** Whether anyone watches the panel's events: the agent computes them only then. */
  | { readonly type: 'events'; readonly on: boolean }
  | { readonly type: 'close' };

export type FromAgent =
  /** The crashes handed over are in the history (the supervisor forgets them). */
  | { readonly type: 'crashes-recorded' }
  | { readonly type: 'ready'; readonly runsCode: boolean }
  | { readonly type: 'start-failed'; readonly error: ErrorInfo }
  | { readonly type: 'response'; readonly id: number; readonly response: Envelope<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown }
  /** A line for a terminal session (a background error, a watched file reloaded). */
  | { readonly type: 'notice'; readonly line: string }
  | { readonly type: 'pong'; readonly id: number; readonly cpuMicros: number; readonly rssBytes: number };
