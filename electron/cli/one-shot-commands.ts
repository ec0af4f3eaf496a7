import { AppError } from '../../shared/errors';
import { initWorkspace } from '../app/init-workspace';
import { describeModules } from '../runtime/module-info';
import { createInterpreter } from '../app/app-services';
import type { CliArguments } from './arguments';
import { openWorkspaceServices } from './open-workspace';

export async function runInit(args: CliArguments): Promise<number> {
  const [target] = args.positionals;
  if (target === undefined) throw new AppError('USAGE', 'Missing DIR.', { hint: 'Usage: npm run cli -- init DIR' });
  const dir = initWorkspace(target);
  print(args, { workspace: dir }, `Created a workspace at ${dir}`);
  return 0;
}

export async function runModules(args: CliArguments): Promise<number> {
  const services = await openWorkspaceServices(args);
  try {
    const modules = describeModules(services.engine.runtime).map((module) => ({
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
  } finally {
    await services.close();
  }
}

/** `call m.fn [args…]` runs through the session interpreter, so it answers as /call does. */
export async function runCall(args: CliArguments): Promise<number> {
  const services = await openWorkspaceServices(args);
  try {
    const interpreter = createInterpreter(services, async () => {
      throw new AppError('USAGE', 'call asks no questions.');
    });
    const quoted = args.positionals.map((word) => `'${word.replaceAll("'", "'\\''")}'`);
    const answer = await interpreter.execute(`/call ${quoted.join(' ')}`);
    if (!answer.ok) throw AppError.fromInfo(answer.error);
    print(args, { result: answer.result }, answer.text);
    return 0;
  } finally {
    await services.close();
  }
}

function print(args: CliArguments, json: unknown, text: string): void {
  process.stdout.write(`${args.json ? JSON.stringify(json) : text}\n`);
}
