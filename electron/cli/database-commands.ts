import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureWorkspace } from '../app/init-workspace';
import { defaultWorkspaceDir } from '../app/paths';
import { acquireWorkspaceLock } from '../engine/workspace-lock';
import { Workspace } from '../runtime/workspace';
import { stateDatabasePath } from '../store/database';
import { checkStateDatabase, rebuildStateDatabase } from '../store/database-repair';
import type { CliArguments } from './arguments';
import { print } from './proposal-commands';

/**
 * `db-check [--full] [--repair]`: the state database's integrity (quick by default, read-only,
 * fine while the app runs), or a rebuild from what can be read (needs the app stopped).
 */
export async function runDatabaseCheck(args: CliArguments): Promise<number> {
  const workspace = Workspace.open(args.workspace ?? ensureWorkspace(defaultWorkspaceDir()));
  const file = stateDatabasePath(workspace.root);
  if (!existsSync(file)) {
    print(args, { ok: true, file, problems: [] }, `${file} does not exist yet (no history recorded).`);
    return 0;
  }
  if (args.options.repair) {
    const release = acquireWorkspaceLock(path.dirname(file));
    try {
      const report = rebuildStateDatabase(file);
      const lines = Object.entries(report.tables).map(([table, counts]) => `  ${table}: ${counts.copied} copied${counts.unreadable > 0 ? `, ${counts.unreadable} unreadable` : ''}`);
      print(args, { ok: true, file, ...report }, [`rebuilt ${file} from what could be read; the damaged file is kept as ${report.keptAs}`, ...lines].join('\n'));
      return 0;
    } finally {
      release();
    }
  }
  const report = checkStateDatabase(file, args.options.full ? 'full' : 'quick');
  const text = report.ok
    ? `${file}: ${args.options.full ? 'integrity_check' : 'quick_check'} ok`
    : [`${file} is damaged:`, ...report.problems.slice(0, 10).map((problem) => `  ${problem}`), 'Rebuild it from what can be read: npm run cli -- db-check --repair (stop the app first; the damaged file is kept).'].join('\n');
  print(args, report, text);
  return report.ok ? 0 : 1;
}
