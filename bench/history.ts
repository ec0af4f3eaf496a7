import { rmSync } from 'node:fs';
import path from 'node:path';
import { openStateDatabase } from '../electron/store/database';
import { VersionStore } from '../electron/store/version-store';
import type { ModuleId } from '../shared/ids';
import { workspaceWith } from './generate';
import { percentile, timeEach } from './measure';

const VERSIONS = 100_000;
const MODULES = 200;

/**
 * Stores 100,000 versions over 200 modules, then times what the timeline and /rollback ask:
 * one module's history, the history across modules, and the rollback points (p50 of each; the
 * slowest is reported).
 */
export async function seedHistory(): Promise<number> {
  const root = workspaceWith({});
  const db = openStateDatabase(path.join(root, '.saraphina', 'state.db'));
  try {
    const store = new VersionStore(db);
    db.transaction(() => {
      for (let index = 0; index < VERSIONS; index += 1) {
        store.add({
          module: `module_${index % MODULES}` as ModuleId,
          content: `export const value = ${index % 1000};\n`,
          state: index % 7 === 0 ? 'stable' : 'checkpoint',
          reason: `seeded ${index}`,
          makeCurrent: index >= VERSIONS - MODULES,
        });
      }
    })();
    const queries = [
      () => store.history('module_42' as ModuleId, 100),
      () => store.history(null, 100),
      () => store.lastStable('module_7' as ModuleId),
      () => store.current('module_9' as ModuleId),
    ];
    const p50s = await Promise.all(queries.map(async (query) => percentile(await timeEach(50, query), 50)));
    return Math.max(...p50s);
  } finally {
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
}
