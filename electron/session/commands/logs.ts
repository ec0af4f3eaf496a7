import { AGENT_LOG_LEVELS, formatAgentLogEntry, type AgentLogEntry, type AgentLogLevel } from '../../../shared/agent-log';
import { AppError } from '../../../shared/errors';
import { defineCommand } from '../command';

const DEFAULT_LINES = 50;

/** `/logs [module] [--level L] [--limit N]`: the agent's latest output lines, oldest first. */
export const logsCommand = defineCommand<AgentLogEntry[]>({
  name: 'logs',
  usage: '/logs [module] [--level L] [--limit N]',
  summary: "The agent's own output (console, stdout, stderr), with the module that wrote each line.",
  run: async (command, { engine, runtime }) => {
    const module = command.positionals[0];
    const level = command.flags['level'];
    const limit = command.flags['limit'];
    if (level !== undefined && (typeof level !== 'string' || !(AGENT_LOG_LEVELS as readonly string[]).includes(level))) {
      throw new AppError('USAGE', `--level ${String(level)} is not a level.`, { hint: `Use one of: ${AGENT_LOG_LEVELS.join(', ')}.` });
    }
    const count = limit === undefined ? DEFAULT_LINES : Number(limit);
    if (!Number.isInteger(count) || count <= 0) {
      throw new AppError('USAGE', `--limit ${String(limit)} is not a number of lines.`, { hint: 'Use a whole number, e.g. --limit 100.' });
    }
    return engine.agentLog.entries(
      {
        ...(module === undefined ? {} : { module: runtime.workspace.parseModuleId(module) }),
        ...(level === undefined ? {} : { level: level as AgentLogLevel }),
      },
      count,
    );
  },
  format: (entries) => entries.map(formatAgentLogEntry).join('\n') || '(the agent has printed nothing yet)',
});
