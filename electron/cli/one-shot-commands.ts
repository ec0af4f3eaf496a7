import { AppError } from '../../shared/errors';
import { initWorkspace } from '../app/init-workspace';
import type { ModuleOverview } from '../../shared/contract/panel';
import type { RecordedBackgroundError } from '../../shared/background-errors';
import { formatBackgroundError } from '../session/commands/errors';
import type { CliArguments } from './arguments';
import { withAgent } from './with-agent';

export async function runInit(args: CliArguments): Promise<number> {
  const [target] = args.positionals;
  if (target === undefined) throw new AppError('USAGE', 'Missing DIR.', { hint: 'Usage: npm run cli -- init DIR' });
  const dir = initWorkspace(target);
  print(args, { workspace: dir }, `Created a workspace at ${dir}`);
  return 0;
}

export async function runModules(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const overviews = await agent.call<ModuleOverview[]>('listModules');
    const modules = overviews.map((module) => ({
      id: module.id,
      hash: module.hash,
      loaded: module.loaded,
      state: module.state,
      dependencies: module.dependencies,
      dependents: module.dependents,
      transitiveDependents: module.transitiveDependents,
      ...(module.lastError === null ? {} : { error: module.lastError }),
    }));
    const text = modules
      .map((m) => `${m.id.padEnd(20)} ${(m.hash ?? '').slice(0, 8)} ${m.state.padEnd(10)} used by: ${m.dependents.join(', ') || '-'}`)
      .join('\n');
    print(args, modules, text);
    return 0;
  });
}

/** `errors [module]`: the background errors state.db keeps (earlier runs of the agent too), newest first. */
export async function runErrors(args: CliArguments): Promise<number> {
  const [module] = args.positionals;
  return withAgent(args, async (agent) => {
    const errors = await agent.call<RecordedBackgroundError[]>('listBackgroundErrors', module === undefined ? {} : { module });
    print(args, errors, errors.map(formatBackgroundError).join('\n') || '(no background errors)');
    return 0;
  });
}

/** `call m.fn [args…]` runs through the session interpreter, so it answers as /call does. */
export async function runCall(args: CliArguments): Promise<number> {
  return withAgent(args, async (agent) => {
    const quoted = args.positionals.map((word) => `'${word.replaceAll("'", "'\\''")}'`);
    const answer = await agent.line(`/call ${quoted.join(' ')}`);
    if (!answer.ok) throw AppError.fromInfo(answer.error);
    print(args, { result: answer.result }, answer.text);
    return 0;
  });
}

function print(args: CliArguments, json: unknown, text: string): void {
  process.stdout.write(`${args.json ? JSON.stringify(json) : text}\n`);
}
