import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolveUserPath } from '../session/user-path';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import { acquireWorkspaceLock } from '../engine/workspace-lock';
import { Workspace } from '../runtime/workspace';
import { PREBUILT_RUNNER, writePrebuiltRunner } from '../sandbox/runner-bundle';
import { openStateDatabase, stateDatabasePath, type StateDatabase } from '../store/database';
import { exportHistory, importHistory } from '../store/history-archive';
import type { CliArguments } from './arguments';
import { withAgent } from './with-agent';
import { print } from './proposal-commands';

/** `rollback`, `audit` and `diff` answer exactly as their session commands do. */
export function runRollback(args: CliArguments): Promise<number> {
  const [versionId] = args.positionals;
  const flags = `${args.options.yes ? ' --yes' : ''}${args.options.allowTypeErrors ? ' --allow-type-errors' : ''}`;
  return runThroughSession(args, versionId === undefined ? '/rollback' : `/rollback ${quote(versionId)}${flags}`);
}

export function runAudit(args: CliArguments): Promise<number> {
  const [module] = args.positionals;
  return runThroughSession(args, module === undefined ? '/audit-code' : `/audit-code ${quote(module)}`);
}

export function runDiff(args: CliArguments): Promise<number> {
  return runThroughSession(args, `/diff ${args.positionals.map(quote).join(' ')}`);
}

/** Reads the state database directly (no engine, no lock): fine while the app runs. */
export async function runExport(args: CliArguments): Promise<number> {
  const out = args.options.out;
  if (out === undefined) throw new AppError('USAGE', 'Missing --out FILE.', { hint: 'Usage: npm run cli -- export --out history.json.gz' });
  const workspace = Workspace.open(args.workspace ?? ensureWorkspace(defaultWorkspaceDir()));
  const db = openStateDatabase(stateDatabasePath(workspace.root));
  try {
    const { bytes, counts } = exportHistory(db, workspace.root);
    const file = resolveUserPath(out);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
    print(args, { file, bytes: bytes.length, ...counts }, `exported ${counts.versions} versions, ${counts.reloads} reloads, ${counts.proposals} proposals to ${file} (${bytes.length} bytes)`);
    return 0;
  } finally {
    db.close();
  }
}

/** Into a workspace with no history only (a fresh `init`); holds the workspace lock meanwhile. */
export async function runImport(args: CliArguments): Promise<number> {
  const [file] = args.positionals;
  if (file === undefined) throw new AppError('USAGE', 'Missing FILE.', { hint: 'Usage: npm run cli -- import FILE --workspace DIR' });
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolveUserPath(file));
  } catch (error) {
    throw new AppError('USAGE', `Cannot read ${resolveUserPath(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const workspace = Workspace.open(args.workspace ?? ensureWorkspace(defaultWorkspaceDir()));
  const databaseFile = stateDatabasePath(workspace.root);
  // The lock before the database is opened (and migrated).
  const release = acquireWorkspaceLock(path.dirname(databaseFile));
  let db: StateDatabase | undefined;
  try {
    db = openStateDatabase(databaseFile);
    const counts = importHistory(db, bytes);
    print(args, { workspace: workspace.root, ...counts }, `imported ${counts.versions} versions, ${counts.reloads} reloads, ${counts.proposals} proposals into ${workspace.root}`);
    return 0;
  } finally {
    db?.close();
    release();
  }
}

/** For packaging: the sandbox runner as one file, to ship beside the app's main bundle. */
export async function runBuildSandboxRunner(args: CliArguments): Promise<number> {
  const out = args.options.out;
  if (out === undefined) throw new AppError('USAGE', 'Missing --out FILE.', { hint: `Usage: npm run cli -- build-sandbox-runner --out out/main/${PREBUILT_RUNNER}` });
  const written = await writePrebuiltRunner(resolveUserPath(out));
  print(args, written, `wrote ${written.file} (${written.bytes} bytes)`);
  return 0;
}

async function runThroughSession(args: CliArguments, line: string): Promise<number> {
  return withAgent(args, async (agent) => {
    const answer = await agent.line(line);
    if (!answer.ok) throw AppError.fromInfo(answer.error);
    print(args, answer.result, answer.text);
    return 0;
  });
}

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}
