import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';

export interface CliArguments {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly json: boolean;
  readonly workspace: string | undefined;
  readonly port: number | undefined;
  readonly watch: boolean;
}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  init DIR                         copy the demo agent into a new workspace at DIR
  modules                          list the workspace's modules
  call <module>.<function> [args]  call an exported function (args are JSON, else text)
  session [--watch]                interactive console (--json: one JSON answer per input line;
                                   --watch: reload modules when their files are saved)
  serve [--port N]                 serve the panel to a browser on 127.0.0.1

Options:
  --workspace DIR  the workspace to use (default: the one in your user data folder)
  --json           machine-readable output
  --help           this text`;

export function parseCliArguments(argv: readonly string[]): CliArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        workspace: { type: 'string' },
        port: { type: 'string' },
        watch: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new AppError('USAGE', (error as Error).message, { hint: 'Run `npm run cli -- --help`.' });
  }
  const { values, positionals } = parsed;
  const [command = 'help', ...rest] = values.help ? ['help'] : positionals;
  return {
    command,
    positionals: rest,
    json: values.json,
    workspace: values.workspace,
    port: values.port === undefined ? undefined : parsePort(values.port),
    watch: values.watch,
  };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AppError('USAGE', `--port ${value} is not a port number.`, { hint: 'Use 0-65535 (0 picks a free port).' });
  }
  return port;
}
