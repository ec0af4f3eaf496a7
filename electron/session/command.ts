import type { ParsedCommand } from '../../shared/session/tokenize';
import type { Engine } from '../engine/open-engine';
import type { ProposalService } from '../proposals/proposal-service';
import type { AgentRuntime } from '../runtime/agent-runtime';

/**
 * Asks the person a question (interactive mode). In scripting mode there is no one to ask, so
 * the prompter refuses and names the flag that answers the question instead.
 */
/** Asks a question; `choices` are the answers that make sense (modules, modes, yes/no), for front ends to offer. */
export type Prompter = (
  question: string,
  options: { readonly flag: string; readonly default?: string; readonly choices?: readonly string[] },
) => Promise<string>;

/** What the session's commands use of the engine: versions, reloads and rollback, the agent's output and background errors. */
export type SessionEngine = Pick<Engine, 'runtime' | 'versions' | 'reloads' | 'rollback' | 'agentLog' | 'backgroundErrors' | 'reloadLog' | 'autoReload' | 'crashes'>;

export interface CommandContext {
  readonly engine: SessionEngine;
  readonly runtime: AgentRuntime;
  readonly proposals: ProposalService;
  readonly ask: Prompter;
}

export interface SessionCommand<Result = unknown> {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Flags that take no value (`--yes`). */
  readonly booleanFlags?: readonly string[];
  run(command: ParsedCommand, context: CommandContext): Promise<Result>;
  /** The answer as a person reads it in a terminal. */
  format(result: Result): string;
}

/** Declares a command with its result type checked between run and format. */
export function defineCommand<Result>(command: SessionCommand<Result>): SessionCommand {
  return command as unknown as SessionCommand;
}
