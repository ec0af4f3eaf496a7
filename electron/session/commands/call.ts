import { AppError } from '../../../shared/errors';
import { parseArgument } from '../../../shared/session/tokenize';
import { toTransportable } from '../../base/transportable';
import { defineCommand } from '../command';
import { requirePositional } from './arguments';

const USAGE = '/call <module>.<function> [JSON args…]';

export const callCommand = defineCommand<unknown>({
  name: 'call',
  usage: USAGE,
  summary: 'Call an exported function of a running module (arguments are JSON, else plain text).',
  run: async (command, { runtime }) => {
    const target = requirePositional(command, 0, 'module>.<function', USAGE);
    const dot = target.lastIndexOf('.');
    if (dot <= 0 || dot === target.length - 1) {
      throw new AppError('USAGE', `"${target}" is not <module>.<function>.`, { hint: `Usage: ${USAGE}` });
    }
    const id = runtime.workspace.parseModuleId(target.slice(0, dot));
    const args = command.positionals.slice(1).map(parseArgument);
    return toTransportable(await runtime.call(id, target.slice(dot + 1), args));
  },
  format: (result) => (typeof result === 'string' ? result : JSON.stringify(result, null, 2)),
});
