import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';

export interface CliArguments {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly json: boolean;
  readonly workspace: string | undefined;
  readonly port: number | undefined;
  readonly watch: boolean;
  /** Options of the proposal and history commands. */
  readonly options: CliOptions;
}

export interface CliOptions {
  readonly feature?: string;
  readonly file?: string;
  readonly code?: string;
  readonly tests?: string;
  readonly target?: string;
  readonly mode?: string;
  readonly module?: string;
  readonly out?: string;
  readonly probation?: string;
  readonly force: boolean;
  readonly yes: boolean;
  /** serve: more names a browser may use to reach the host (`name` or `name:port`). */
  readonly allowHost: readonly string[];
  /** db-check: the full integrity check instead of the quick one. */
  readonly full: boolean;
  /** db-check: rebuild a damaged database from what can be read. */
  readonly repair: boolean;
  /** Publish despite type errors (apply, rollback); recorded on the version. */
  readonly allowTypeErrors: boolean;
  /** logs: keep printing lines as the agent writes them. */
  readonly follow: boolean;
  /** logs: lines at this level or louder. */
  readonly level?: string;
}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  init DIR                         copy the demo agent into a new workspace at DIR
  modules                          list the workspace's modules
  call <module>.<function> [args]  call an exported function (args are JSON, else text)
  session [--watch]                interactive console (--json: one JSON answer per input line;
                                   --watch: reload modules when their files are saved)
  serve [--port N] [--allow-host NAME[:PORT]]...
                                   serve the panel to a browser on 127.0.0.1 (a browser must use
                                   127.0.0.1, localhost or [::1] with that port, or a NAME given)
  errors [module]                  errors module code raised in the background (timers, listeners,
                                   promises), newest first, from earlier runs of the agent too
  logs [--follow] [--module M] [--level L]
                                   the agent's output (console, stdout, stderr) with its module;
                                   --follow prints new lines as they come (works while serving)
  db-check [--full] [--repair]     check the state database (--full: every index too); --repair
                                   rebuilds a damaged one from what can be read, keeping the old file

Code proposals (for automation and CI hooks; --json everywhere):
  propose --feature TEXT (--file F | --code TEXT) [--tests F] [--target M] [--mode append|replace]
  proposals                        list proposals, newest first
  sandbox <id>                     test a proposal in a separate process (exit 1 when it fails)
  approve <id> [--force]           approve (needs a passed sandbox unless --force, recorded)
  reject <id>                      reject
  apply <id> [--module M] [--mode M] [--probation MS] [--allow-type-errors] --yes
                                   apply live: type check, checkpoint, write, reload, checks, then
                                   wait out the probation window (exit 1 unless applied and stable)
  rollback [<versionId>] [--yes] [--allow-type-errors]
                                   list rollback points, or restore one
  audit [module]                   versions and reload history
  diff <versionA> <versionB|current>
  export --out FILE                history (versions, contents, reloads, proposals) as one archive
  import FILE                      restore an archive into a workspace with no history yet
  build-sandbox-runner --out FILE  (packaging) the sandbox runner, to ship beside the main bundle

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
        feature: { type: 'string' },
        file: { type: 'string' },
        code: { type: 'string' },
        tests: { type: 'string' },
        target: { type: 'string' },
        mode: { type: 'string' },
        module: { type: 'string' },
        out: { type: 'string' },
        probation: { type: 'string' },
        force: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        'allow-host': { type: 'string', multiple: true },
        full: { type: 'boolean', default: false },
        repair: { type: 'boolean', default: false },
        'allow-type-errors': { type: 'boolean', default: false },
        follow: { type: 'boolean', default: false },
        level: { type: 'string' },
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
    options: {
      ...defined({
        feature: values.feature,
        file: values.file,
        code: values.code,
        tests: values.tests,
        target: values.target,
        mode: values.mode,
        module: values.module,
        out: values.out,
        probation: values.probation,
        level: values.level,
      }),
      force: values.force,
      yes: values.yes,
      allowHost: values['allow-host'] ?? [],
      full: values.full,
      repair: values.repair,
      allowTypeErrors: values['allow-type-errors'],
      follow: values.follow,
    },
  };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AppError('USAGE', `--port ${value} is not a port number.`, { hint: 'Use 0-65535 (0 picks a free port).' });
  }
  return port;
}

function defined<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}
