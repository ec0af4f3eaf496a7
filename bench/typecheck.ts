import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openEngine } from '../electron/engine/open-engine';
import { TypeGate } from '../electron/typecheck/type-gate';
import { cascadeWorkspaceFiles, largeModule, reloadWorkloadFiles, workspaceWith } from './generate';
import { spread, timeEach, type Spread } from './measure';

export interface TypeCheckFigures {
  /** A one-module change (m000, 100 modules import it) in a 300-module workspace, after warm-up. */
  readonly check: Spread;
  /** The same for a module nothing imports. */
  readonly leaf: Spread;
  /** Reloads of the 500-line module with 3 dependents (all checks), with the gate on and off. */
  readonly reloadOn: Spread;
  readonly reloadOff: Spread;
}

const SAMPLES = 21;

/** The type-check gate's own cost, and what it adds to a reload. */
export async function measureTypeCheck(): Promise<TypeCheckFigures> {
  const root = workspaceWith(cascadeWorkspaceFiles());
  const gate = new TypeGate(root, true);
  try {
    const file = path.join(root, 'modules', 'm000.ts');
    const leaf = path.join(root, 'modules', 'm299.ts');
    const previous = 'export const base = (n: number) => n + 1;\n';
    // A change of the export surface (a new export each time), so the 100 importers are checked too.
    const change = (index: number) => gate.check([{ path: file, source: `export const base = (n: number) => n + ${index + 2};\nexport const added${index} = ${index};\n`, previous }]);
    const leafChange = (index: number) => gate.check([{ path: leaf, source: `import { h298 } from './m298';\nexport const h299 = (n: number): number => h298(n) + ${index};\n` }]);
    // Warm-up: the worker starts, TypeScript and the lib files load, both programs are built.
    await timeEach(3, change);
    await timeEach(3, leafChange);
    const samples = await timeEach(SAMPLES, async (index) => {
      const report = await change(index);
      if (report.errors.length > 0 || report.filesChecked !== 101) throw new Error(`unexpected check: ${JSON.stringify(report).slice(0, 300)}`);
    });
    const leafSamples = await timeEach(SAMPLES, leafChange);
    const reloadOn = await reloads(true);
    const reloadOff = await reloads(false);
    return { check: spread(samples), leaf: spread(leafSamples), reloadOn, reloadOff };
  } finally {
    await gate.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Reloads of the headline workspace (500-line module, 3 dependents, all checks), after warm-up. */
async function reloads(typeCheck: boolean): Promise<Spread> {
  const root = workspaceWith(reloadWorkloadFiles());
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck }));
  const engine = await openEngine(root);
  try {
    const reload = async (generation: number) => {
      const result = await engine.reloads.hotReloadModule('core', { probationMs: 0, source: largeModule(generation) });
      if (result.outcome !== 'reloaded') throw new Error(`reload failed: ${result.error?.message}`);
    };
    await timeEach(10, (index) => reload(index + 1));
    return spread(await timeEach(50, (index) => reload(100 + index)));
  } finally {
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  }
}
