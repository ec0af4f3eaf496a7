import { openEngine } from '../electron/engine/open-engine';
import type { ModuleId } from '../shared/ids';

/** What a user does today instead of a hot reload: start a process, open the workspace, answer. */
async function main(): Promise<void> {
  const [root = '', module = '', fn = ''] = process.argv.slice(2);
  const engine = await openEngine(root);
  const answer = await engine.runtime.call(module as ModuleId, fn, [1]);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  await engine.close();
}

void main();
