import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { Answer } from '../session/interpreter';
import { AgentConsole } from '../supervisor/agent-console';
import { AgentSupervisor } from '../supervisor/agent-supervisor';
import type { CliArguments } from './arguments';
import { workspaceDir } from './open-workspace';
import { APP_VERSION } from './version';

/** What a one-shot command does with the agent: contract calls and session lines, nothing in this process. */
export interface AgentClient {
  call<T>(method: string, input?: unknown): Promise<T>;
  /** A session line, as `session --json` runs it; questions are refused in favour of their flags. */
  line(line: string): Promise<Answer>;
}

/**
 * Runs a one-shot command against the workspace's agent in its own supervised process, as the
 * session and the panel do: module code that exits, loops or runs out of memory ends the agent
 * process, never the command, and an agent that cannot start answers in repair mode (history,
 * diffs, rollbacks and proposals work; none of its code runs).
 */
export async function withAgent<T>(args: CliArguments, body: (agent: AgentClient) => Promise<T>): Promise<T> {
  const supervisor = await AgentSupervisor.start({ root: path.resolve(workspaceDir(args)), appVersion: APP_VERSION });
  // Crashes, restarts and background errors are told on stderr; stdout carries only the answer.
  const stopNotices = supervisor.onNotice((line) => process.stderr.write(`${line}\n`));
  if (supervisor.status().state === 'stopped') process.stderr.write(`${supervisor.status().message}\n`);
  const agentConsole = new AgentConsole(supervisor, async (question, { flag }) => {
    throw new AppError('USAGE', `The command line cannot ask "${question.split('\n').at(-1) ?? question}".`, { hint: `Pass ${flag}.` });
  });
  const client: AgentClient = {
    call: async <R>(method: string, input: unknown = {}) => {
      const envelope = await supervisor.dispatch({ method, input });
      if (!envelope.ok) throw AppError.fromInfo(envelope.error);
      return envelope.value as R;
    },
    line: (line) => agentConsole.execute(line),
  };
  try {
    return await body(client);
  } finally {
    stopNotices();
    await supervisor.close();
  }
}
