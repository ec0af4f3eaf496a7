import type { ConsoleAnswer } from '../../shared/contract/panel';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { Envelope } from '../../shared/result';
import type { AgentStatus } from '../../shared/agent-status';
import type { Prompter } from '../session/command';
import type { Answer } from '../session/interpreter';
import type { TerminalInterpreter } from '../session/terminal';

/** What the terminal needs of the supervisor: the contract, the agent's status, a start. */
export interface AgentControl {
  dispatch(message: unknown): Promise<Envelope<unknown>>;
  status(): AgentStatus;
  startAgent(options: { readonly restoreStable?: boolean }): Promise<AgentStatus>;
}

const AGENT_HELP = '\nAgent process:\n  /agent                      whether the agent runs, its crashes and limits\n  /start-agent [--restore-stable]  start it again (every module on its last stable version with the flag)';

/**
 * The terminal session over the agent process: each line goes to the agent's console (the same
 * interpreter the panel's console runs), its questions come back here to be asked, and the
 * agent's own state is answered here, so `/agent` and `/start-agent` work while it is stopped.
 */
export class AgentConsole implements TerminalInterpreter {
  constructor(
    private readonly control: AgentControl,
    private readonly ask: Prompter,
  ) {}

  async execute(line: string): Promise<Answer> {
    const trimmed = line.trim();
    try {
      if (trimmed === '/agent') return describeStatus(this.control.status());
      if (trimmed === '/start-agent' || trimmed === '/start-agent --restore-stable') {
        return describeStatus(await this.control.startAgent({ restoreStable: trimmed.endsWith('--restore-stable') }));
      }
      let answer = await this.call<ConsoleAnswer>('consoleExecute', { line: trimmed });
      while (answer.kind === 'question') {
        const { questionId, question, flag, defaultAnswer, choices } = answer;
        let reply: string;
        try {
          reply = await this.ask(question, { flag, ...(defaultAnswer === null ? {} : { default: defaultAnswer }), ...(choices === undefined ? {} : { choices }) });
        } catch (error) {
          const { message, hint } = toErrorInfo(error);
          answer = await this.call<ConsoleAnswer>('consoleRefuse', { questionId, message, ...(hint === undefined ? {} : { hint }) });
          continue;
        }
        answer = await this.call<ConsoleAnswer>('consoleAnswer', { questionId, answer: reply });
      }
      if (!answer.ok) return { ok: false, error: answer.error };
      const text = trimmed === '/help' ? `${answer.text}${AGENT_HELP}` : answer.text;
      return answer.command === trimmed ? { ok: true, result: answer.result, text } : { ok: true, result: answer.result, text, command: answer.command };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  async complete(line: string): Promise<string[]> {
    const control = ['/agent', '/start-agent'].filter((name) => name.startsWith(line));
    try {
      const { candidates } = await this.call<{ candidates: string[] }>('consoleComplete', { line });
      return [...candidates, ...control];
    } catch {
      return control;
    }
  }

  private async call<T>(method: string, input: unknown): Promise<T> {
    const envelope = await this.control.dispatch({ method, input });
    if (!envelope.ok) throw AppError.fromInfo(envelope.error);
    return envelope.value as T;
  }
}

function describeStatus(status: AgentStatus): Answer {
  const crashes = status.crashes.slice(0, 5).map((crash) => `  ${new Date(crash.at).toISOString()}  ${crash.kind}: ${crash.reason}`);
  const { memoryMb, unresponsiveMs, cpuPercent } = status.limits;
  const limits = `limits: memory ${memoryMb} MB, unresponsive after ${unresponsiveMs} ms, CPU ${cpuPercent === null ? 'no limit' : `${cpuPercent}%`}`;
  const text = [`agent ${status.state}: ${status.message}`, limits, ...(crashes.length > 0 ? ['crashes (newest first):', ...crashes] : [])].join('\n');
  return { ok: true, result: status, text };
}
