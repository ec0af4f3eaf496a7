import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { parseCommand } from '../../shared/session/tokenize';
import type { CommandContext, SessionCommand } from './command';
import { callCommand } from './commands/call';
import { helpCommand } from './commands/help';
import { loadCommand, modulesCommand } from './commands/modules';
import { reloadCommand } from './commands/reload';
import { applyCommand } from './commands/apply';
import { diffCommand } from './commands/diff';
import { errorsCommand } from './commands/errors';
import { approveCommand, proposalsCommand, proposeCommand, rejectCommand, sandboxCommand } from './commands/proposals';
import { auditCommand, checkpointCommand, historyCommand, rollbackCommand } from './commands/versions';
import { formatSuggestion, suggestFor } from './natural-language';

const PROPOSAL_COMMANDS = ['/sandbox-code', '/approve-code', '/reject-code', '/apply-code'];

export type Answer =
  | { readonly ok: true; readonly result: unknown; readonly text: string }
  | { readonly ok: false; readonly error: ErrorInfo };

/**
 * The session's command interpreter. The terminal, `session --json` and the panel's console all
 * run lines through it, so every front end answers the same way.
 */
export class SessionInterpreter {
  private readonly context: CommandContext;
  private readonly commands = new Map<string, SessionCommand>();

  constructor(context: CommandContext, extraCommands: readonly SessionCommand[] = []) {
    this.context = context;
    const all = [
      modulesCommand,
      loadCommand,
      callCommand,
      reloadCommand,
      checkpointCommand,
      rollbackCommand,
      historyCommand,
      auditCommand,
      diffCommand,
      errorsCommand,
      proposeCommand,
      sandboxCommand,
      approveCommand,
      rejectCommand,
      proposalsCommand,
      applyCommand,
      ...extraCommands,
    ];
    for (const command of [helpCommand(() => [...this.commands.values()]), ...all]) {
      this.commands.set(command.name, command);
    }
  }

  async execute(line: string): Promise<Answer> {
    try {
      const trimmed = line.trim();
      if (trimmed !== '' && !trimmed.startsWith('/')) {
        const suggestion = suggestFor(trimmed, this.context);
        if (suggestion !== null) return { ok: true, result: { suggestion }, text: formatSuggestion(suggestion) };
      }
      const command = this.find(line.trim());
      const parsed = parseCommand(line, command.booleanFlags ?? []);
      const result = await command.run(parsed, this.context);
      return { ok: true, result, text: command.format(result) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  /** Completions for the word being typed: command names, then module ids. */
  complete(line: string): string[] {
    const words = line.split(/\s+/);
    const last = words[words.length - 1] ?? '';
    if (words.length === 1) {
      return [...this.commands.keys()].map((name) => `/${name}`).filter((name) => name.startsWith(last));
    }
    if (PROPOSAL_COMMANDS.includes(words[0] ?? '') && words.length === 2) {
      return this.context.proposals
        .list()
        .map((proposal) => proposal.id)
        .filter((id) => id.startsWith(last));
    }
    return this.context.runtime
      .moduleIds()
      .flatMap((id) => (words[0] === '/call' ? this.functionsOf(id) : [id]))
      .filter((candidate) => candidate.startsWith(last));
  }

  private functionsOf(id: string): string[] {
    const namespace = this.context.runtime.record(id as never)?.current?.exports ?? {};
    return Object.keys(namespace)
      .filter((key) => typeof namespace[key] === 'function')
      .map((key) => `${id}.${key}`);
  }

  private find(line: string): SessionCommand {
    if (line === '') throw new AppError('USAGE', 'Empty command.', { hint: 'Type /help for the commands.' });
    if (!line.startsWith('/')) {
      throw new AppError('UNKNOWN_COMMAND', `Not a command: "${line.slice(0, 60)}".`, {
        hint: 'Commands start with / — type /help.',
      });
    }
    const name = line.slice(1).split(/\s/, 1)[0] ?? '';
    const command = this.commands.get(name);
    if (command === undefined) {
      throw new AppError('UNKNOWN_COMMAND', `Unknown command /${name}.`, { hint: 'Type /help for the commands.' });
    }
    return command;
  }
}
