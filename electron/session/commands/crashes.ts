import type { AgentCrash } from '../../../shared/agent-status';
import { AppError } from '../../../shared/errors';
import { defineCommand } from '../command';

const DEFAULT_LIMIT = 20;

export const crashesCommand = defineCommand<AgentCrash[]>({
  name: 'crashes',
  usage: '/crashes [--limit N]',
  summary: 'Deaths of the agent process, newest first: why, where, and its last output.',
  run: async (command, { engine }) => {
    const typed = command.flags['limit'];
    const limit = typed === undefined ? DEFAULT_LIMIT : Number(typed);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new AppError('USAGE', `--limit ${String(typed)} is not a number from 1 to 1000.`, { hint: 'Usage: /crashes [--limit N]' });
    }
    return engine.crashes.list(limit);
  },
  format: (crashes) =>
    crashes.map((crash) => `${new Date(crash.at).toISOString().replace('T', ' ').slice(0, 19)}  ${crash.kind.padEnd(14)} ${crash.reason}`).join('\n') ||
    '(the agent process never crashed)',
});
