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
import { logsCommand } from './commands/logs';
import { autoReloadCommand } from './commands/auto-reload';
import { crashesCommand } from './commands/crashes';
import { interpretPlainLanguage } from './plain-language';
import { formatSuggestion } from './suggestions';

const PROPOSAL_COMMANDS = ['/sandbox-code', '/approve-code', '/reject-code', '/apply-code'];

export type Answer =
  /** `command`: the command a plain-language line ran as (the person sees it, and learns it). */
  | { readonly ok: true; readonly result: unknown; readonly text: string; readonly command?: string }
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
      logsCommand,
      autoReloadCommand,
      crashesCommand,
      ...extraCommands,
    ];
    for (const command of [helpCommand(() => [...this.commands.values()]), ...all]) {
      this.commands.set(command.name, command);
    }
  }

  /**
   * Runs a line: a command, or plain language (plain-language.ts decides what it means: a phrase
   * runs its command, a request is answered with the command that does it).
   */
  async execute(line: string): Promise<Answer> {
    try {
      const trimmed = line.trim();
      const meaning = interpretPlainLanguage(trimmed, this.context);
      if (meaning?.kind === 'suggestion') return { ok: true, result: { suggestion: meaning.suggestion }, text: formatSuggestion(meaning.suggestion) };
      const commandLine = meaning?.kind === 'command' ? meaning.command : trimmed;
      const command = this.find(commandLine);
      const parsed = parseCommand(commandLine, command.booleanFlags ?? []);
      const result = await command.run(parsed, this.context);
      const text = command.format(result);
      return meaning === null ? { ok: true, result, text } : { ok: true, result, text: `→ ${commandLine}\n${text}`, command: commandLine };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  /** The command line a plain-language phrase runs as; the line itself otherwise (a command, a request, or unknown). */
  commandFor(line: string): string {
    const meaning = interpretPlainLanguage(line, this.context);
    return meaning?.kind === 'command' ? meaning.command : line.trim();
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
