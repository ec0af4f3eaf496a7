import { AppError, formatError, toErrorInfo } from '../../shared/errors';
import { controlLog, startControlLogFile } from '../base/control-log';
import { defaultUserDataDir } from '../app/paths';
import { parseCliArguments, USAGE, type CliArguments } from './arguments';
import { runCall, runErrors, runInit, runModules } from './one-shot-commands';
import { runServe, runSession } from './long-running-commands';
import { runAudit, runBuildSandboxRunner, runDiff, runExport, runImport, runRollback } from './history-commands';
import { runDatabaseCheck } from './database-commands';
import { runLogs } from './logs-command';
import { runApply, runApprove, runPropose, runProposals, runReject, runSandbox } from './proposal-commands';

/** Exit codes: 0 done, 1 the command failed, 2 the command line was wrong. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArguments | undefined;
  try {
    args = parseCliArguments(argv);
    if (args.command !== 'help') await startControlLogFile(defaultUserDataDir());
    return await run(args);
  } catch (error) {
    const info = toErrorInfo(error);
    if (info.code === 'INTERNAL') controlLog('cli').error(`${args?.command ?? 'cli'} failed`, error);
    if (args?.json === true) process.stdout.write(`${JSON.stringify({ ok: false, error: info })}\n`);
    else process.stderr.write(`error: ${formatError(info)}\n`);
    return info.code === 'USAGE' ? 2 : 1;
  }
}

async function run(args: CliArguments): Promise<number> {
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'init':
      return runInit(args);
    case 'modules':
      return runModules(args);
    case 'call':
      return runCall(args);
    case 'errors':
      return runErrors(args);
    case 'session':
      return runSession(args);
    case 'serve':
      return runServe(args);
    case 'propose':
      return runPropose(args);
    case 'proposals':
      return runProposals(args);
    case 'sandbox':
      return runSandbox(args);
    case 'approve':
      return runApprove(args);
    case 'reject':
      return runReject(args);
    case 'apply':
      return runApply(args);
    case 'rollback':
      return runRollback(args);
    case 'audit':
      return runAudit(args);
    case 'diff':
      return runDiff(args);
    case 'export':
      return runExport(args);
    case 'import':
      return runImport(args);
    case 'build-sandbox-runner':
      return runBuildSandboxRunner(args);
    case 'db-check':
      return runDatabaseCheck(args);
    case 'logs':
      return runLogs(args);
    default:
      throw new AppError('USAGE', `Unknown command "${args.command}".`, { hint: 'Run `npm run cli -- --help`.' });
  }
}
