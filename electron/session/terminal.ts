import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { AppError, formatError } from '../../shared/errors';
import type { Prompter } from './command';
import type { Answer } from './interpreter';

export interface TerminalOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** One line of JSON per answer; questions are refused in favour of flags. */
  readonly json: boolean;
  /** A person at a TTY: prompt, colours-free text, tab completion. */
  readonly interactive: boolean;
}

/** What the terminal runs lines through: the interpreter itself, or the agent process's console. */
export interface TerminalInterpreter {
  execute(line: string): Promise<Answer>;
  complete(line: string): string[] | Promise<string[]>;
}

/** Line source shared by the command loop and the questions commands ask. */
export interface LineReader {
  next(): Promise<string | null>;
}

/**
 * Runs a terminal session: reads lines, executes them one at a time, writes answers.
 * Ends at end of input or /exit.
 */
export async function runTerminal(
  makeInterpreter: (ask: Prompter) => TerminalInterpreter,
  options: TerminalOptions,
): Promise<void> {
  // The completer needs the interpreter, which needs the line reader built on this interface.
  const session: { interpreter?: TerminalInterpreter } = {};
  const rl = readline.createInterface({
    input: options.input,
    ...(options.interactive ? { output: options.output } : {}),
    terminal: options.interactive,
    completer: (line: string, callback: (error: null, result: [string[], string]) => void): void => {
      void Promise.resolve(session.interpreter?.complete(line) ?? []).then((candidates) => callback(null, [candidates, line.split(/\s+/).pop() ?? '']));
    },
  });
  const iterator = rl[Symbol.asyncIterator]();
  const lines: LineReader = {
    next: async () => {
      const item = await iterator.next();
      return item.done === true ? null : String(item.value);
    },
  };
  const write = (text: string): void => void options.output.write(`${text}\n`);
  const interpreter = makeInterpreter(options.json ? refuseQuestions : askOn(lines, options, write));
  session.interpreter = interpreter;
  const prompt = (): void => {
    if (options.interactive) options.output.write('saraphina> ');
  };

  if (options.interactive) write('Saraphina session — /help lists the commands, /exit leaves.');
  prompt();
  for (let line = await lines.next(); line !== null; line = await lines.next()) {
    const trimmed = line.trim();
    if (trimmed === '/exit' || trimmed === '/quit') break;
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      const answer = await interpreter.execute(trimmed);
      write(options.json ? JSON.stringify(toJsonAnswer(answer)) : toText(answer));
    }
    prompt();
  }
  rl.close();
}

export function toJsonAnswer(answer: Answer): object {
  if (!answer.ok) return { ok: false, error: answer.error };
  return answer.command === undefined ? { ok: true, result: answer.result ?? null } : { ok: true, command: answer.command, result: answer.result ?? null };
}

function toText(answer: Answer): string {
  return answer.ok ? answer.text : `error: ${formatError(answer.error)}`;
}

const refuseQuestions: Prompter = async (question, { flag }) => {
  throw new AppError('USAGE', `Scripting mode cannot ask "${question}".`, { hint: `Pass ${flag}.` });
};

function askOn(lines: LineReader, options: TerminalOptions, write: (text: string) => void): Prompter {
  return async (question, { flag, default: fallback }) => {
    const suffix = fallback === undefined ? '' : ` [${fallback}]`;
    if (options.interactive) options.output.write(`${question}${suffix} `);
    else write(`${question}${suffix}`);
    const answer = await lines.next();
    if (answer === null) throw new AppError('USAGE', `No answer to "${question}".`, { hint: `Pass ${flag}.` });
    return answer.trim() === '' && fallback !== undefined ? fallback : answer.trim();
  };
}
