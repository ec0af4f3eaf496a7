import { AGENT_LOG_LEVELS, formatAgentLogEntry, matchesAgentLogFilter, type AgentLogEntry, type AgentLogFilter, type AgentLogLevel } from '../../shared/agent-log';
import { AppError } from '../../shared/errors';
import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import { agentLogDir, followAgentLog, readAgentLogFiles } from '../logs/agent-log-files';
import { Workspace } from '../runtime/workspace';
import type { CliArguments } from './arguments';

const DEFAULT_LINES = 200;

/**
 * `logs [--follow] [--json] [--module M] [--level L]`: the agent's output from the workspace's
 * log files. Reads files only, so it works while another process (serve, the desktop app) owns
 * the workspace, and with an agent that cannot start.
 */
export async function runLogs(args: CliArguments): Promise<number> {
  const root = Workspace.open(args.workspace ?? ensureWorkspace(defaultWorkspaceDir())).root;
  const filter: AgentLogFilter = { ...(args.options.module === undefined ? {} : { module: args.options.module }), ...levelOption(args.options.level) };
  const print = (entries: readonly AgentLogEntry[]): void => {
    const lines = entries.filter((entry) => matchesAgentLogFilter(entry, filter)).map((entry) => (args.json ? JSON.stringify(entry) : formatAgentLogEntry(entry)));
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  };
  const dir = agentLogDir(root);
  print(readAgentLogFiles(dir).slice(-DEFAULT_LINES));
  if (!args.options.follow) return 0;
  const stop = followAgentLog(dir, print);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  stop();
  return 0;
}

function levelOption(level: string | undefined): { level?: AgentLogLevel } {
  if (level === undefined) return {};
  if (!(AGENT_LOG_LEVELS as readonly string[]).includes(level)) {
    throw new AppError('USAGE', `--level ${level} is not a level.`, { hint: `Use one of: ${AGENT_LOG_LEVELS.join(', ')}.` });
  }
  return { level: level as AgentLogLevel };
}
