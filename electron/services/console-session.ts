import { randomBytes } from 'node:crypto';
import type { ConsoleAnswer, ConsoleCompletion } from '../../shared/contract/panel';
import { AppError, toErrorInfo } from '../../shared/errors';
import { createInterpreter, type AppServices } from '../app/app-services';
import type { Prompter } from '../session/command';
import type { Answer, SessionInterpreter } from '../session/interpreter';
import { plainLanguageExamples } from '../session/plain-language';
import { toTransportable } from '../base/transportable';

/** A question a running command asked, waiting for the panel to answer it. */
interface Question {
  readonly id: string;
  readonly question: string;
  readonly flag: string;
  readonly defaultAnswer: string | null;
  readonly choices: readonly string[];
  resolve(answer: string): void;
  reject(error: AppError): void;
}

interface Run {
  readonly command: string;
  readonly done: Promise<Answer>;
}

const MAX_COMPLETIONS = 50;

/**
 * The panel's console: the session interpreter behind a request/response contract. A command
 * that asks a question (e.g. /rollback without --yes) answers with the question; the panel
 * sends the person's answer with `answer()`, and the command goes on. One command runs at a
 * time: a new line cancels a question still waiting (nothing is changed then).
 */
export class ConsoleSession {
  private readonly interpreter: SessionInterpreter;
  private readonly versions: AppServices['engine']['versions'];
  private readonly questionTimeoutMs: number;
  private run: Run | null = null;
  private question: Question | null = null;
  private onQuestion: ((question: Question) => void) | null = null;

  constructor(services: AppServices, options: { readonly questionTimeoutMs?: number } = {}) {
    this.versions = services.engine.versions;
    this.questionTimeoutMs = options.questionTimeoutMs ?? 5 * 60_000;
    this.interpreter = createInterpreter(services, this.ask);
  }

  async execute(line: string): Promise<ConsoleAnswer> {
    await this.cancelRunning();
    let command: string;
    try {
      // The command a phrase stands for is shown while it runs (and in its questions), not only at the end.
      command = this.interpreter.commandFor(line);
    } catch (error) {
      return { kind: 'done', ok: false, command: line.trim(), error: toErrorInfo(error) };
    }
    const nextQuestion = this.waitForQuestion();
    const run: Run = { command, done: this.interpreter.execute(command) };
    this.run = run;
    return this.settle(run, nextQuestion);
  }

  async answer(questionId: string, text: string): Promise<ConsoleAnswer> {
    const { question, run } = this;
    if (question === null || question.id !== questionId || run === null) {
      throw new AppError('INVALID_STATE', 'That question is no longer waiting for an answer.', {
        hint: 'Run the command again.',
      });
    }
    this.question = null;
    const nextQuestion = this.waitForQuestion();
    const answer = text.trim();
    question.resolve(answer === '' && question.defaultAnswer !== null ? question.defaultAnswer : answer);
    return this.settle(run, nextQuestion);
  }

  /** Refuses the waiting question with `error`; its command ends without changing anything. */
  async refuse(questionId: string, error: AppError): Promise<ConsoleAnswer> {
    const { question, run } = this;
    if (question === null || question.id !== questionId || run === null) {
      throw new AppError('INVALID_STATE', 'That question is no longer waiting for an answer.', { hint: 'Run the command again.' });
    }
    this.question = null;
    const nextQuestion = this.waitForQuestion();
    question.reject(error);
    return this.settle(run, nextQuestion);
  }

  complete(line: string): ConsoleCompletion {
    if (!line.startsWith('/')) {
      const commands = line === '' ? this.interpreter.complete('/') : [];
      return { from: 0, candidates: [...plainLanguageExamples(line), ...commands].slice(0, MAX_COMPLETIONS) };
    }
    const from = line.search(/\S*$/);
    const words = line.split(/\s+/);
    const candidates = new Set(this.interpreter.complete(line));
    if (words.length === 2 && words[0] === '/rollback') {
      for (const version of this.versions.history(null, 200)) {
        if (version.versionId.startsWith(words[1] ?? '')) candidates.add(version.versionId);
      }
    }
    return { from, candidates: [...candidates].slice(0, MAX_COMPLETIONS) };
  }

  /** Refuses a question still waiting and lets its command finish (it changes nothing then). */
  private async cancelRunning(): Promise<void> {
    const { question, run } = this;
    if (question !== null) {
      this.question = null;
      question.reject(new AppError('USAGE', 'Cancelled by a new console command; nothing was changed.'));
    }
    if (run !== null) await run.done;
    this.run = null;
  }

  private waitForQuestion(): Promise<Question> {
    return new Promise((resolve) => {
      this.onQuestion = resolve;
    });
  }

  private async settle(run: Run, nextQuestion: Promise<Question>): Promise<ConsoleAnswer> {
    const outcome = await Promise.race([
      run.done.then((answer) => ({ answer }) as const),
      nextQuestion.then((question) => ({ question }) as const),
    ]);
    if ('question' in outcome) {
      const { id, question, flag, defaultAnswer, choices } = outcome.question;
      return { kind: 'question', command: run.command, questionId: id, question, flag, defaultAnswer, choices };
    }
    if (this.run === run) this.run = null;
    this.onQuestion = null;
    const { answer } = outcome;
    return answer.ok
      ? { kind: 'done', ok: true, command: run.command, text: answer.text, result: toTransportable(answer.result) }
      : { kind: 'done', ok: false, command: run.command, error: answer.error };
  }

  private readonly ask: Prompter = (question, { flag, default: defaultAnswer, choices = [] }) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.question?.id === entry.id) this.question = null;
        reject(new AppError('USAGE', `No answer to "${question}"; nothing was changed.`, { hint: `Pass ${flag} to answer up front.` }));
      }, this.questionTimeoutMs);
      timer.unref();
      const entry: Question = {
        id: randomBytes(8).toString('hex'),
        question,
        flag,
        defaultAnswer: defaultAnswer ?? null,
        choices,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.question = entry;
      const notify = this.onQuestion;
      this.onQuestion = null;
      notify?.(entry);
    });
}
