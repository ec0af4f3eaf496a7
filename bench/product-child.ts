import { openEngine } from '../electron/engine/open-engine';
import type { ModuleId } from '../shared/ids';
import { roundOptionsFromArgs, runRound } from './round';

/** This product in its own process: hot reload with every check, the smoke test and the durable version write. */
async function main(): Promise<void> {
  const options = roundOptionsFromArgs(process.argv.slice(2));
  const engine = await openEngine(options.root);
  const dep1 = 'dep1' as ModuleId;
  // An instance kept across every reload: its prototype is patched at each one.
  const kept = [await engine.runtime.call(dep1, 'keep', [])];
  const result = await runRound(
    {
      reloadAndCall: async () => {
        const reload = await engine.reloads.hotReloadModule('core', { probationMs: 0 });
        if (reload.outcome !== 'reloaded') throw new Error(`reload ${reload.outcome}: ${reload.error?.message}`);
        return (await engine.runtime.call(dep1, 'use1', [1])) as number;
      },
      close: () => engine.close(),
    },
    options,
  );
  process.stdout.write(`${JSON.stringify({ ...result, kept: kept.length })}\n`);
}

void main();
