import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { reloadOrder } from '../../electron/proposals/apply-plan';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { readModule, startEngine } from '../support/engine';
import { makeWorkspace } from '../support/temp-workspace';

const files = (...modules: string[]) => modules.map((module) => ({ module: module as ModuleId }));
const order = (list: readonly { module: ModuleId }[]) => list.map((file) => file.module);

describe('apply order (topological over the real graph)', () => {
  test('a target comes after every target it imports, directly or through others; unrelated ones keep their place', async () => {
    const engine = await startEngine(
      makeWorkspace({
        a: 'import { viaC } from "./mid";\nexport const a = () => viaC();\n',
        mid: 'import { c } from "./c";\nexport const viaC = () => c();\n',
        b: 'export const b = 1;\n',
        c: 'export const c = () => "c";\n',
        d: 'import { a } from "./a";\nexport const d = () => a();\n',
      }),
    );
    const graph = engine.runtime.graph;
    // The case the old pairwise comparator got wrong: a imports c (through mid), b is unrelated.
    expect(order(reloadOrder(graph, files('a', 'b', 'c')))).toEqual(['b', 'c', 'a']);
    expect(order(reloadOrder(graph, files('d', 'b', 'a', 'c')))).toEqual(['b', 'c', 'a', 'd']);
    expect(order(reloadOrder(graph, files('b', 'c')))).toEqual(['b', 'c']);
    expect(order(reloadOrder(graph, files('c', 'b', 'd', 'mid', 'a')))).toEqual(['c', 'b', 'mid', 'a', 'd']);
  });

  test('an import cycle is broken at a member of the cycle, never at a target that imports it', async () => {
    const engine = await startEngine(
      makeWorkspace({
        x: 'import { y } from "./y";\nexport const x = () => 1;\nexport const callsY = () => y();\n',
        y: 'import { x } from "./x";\nexport const y = () => x() + 1;\n',
        z: 'import { x } from "./x";\nexport const z = () => x();\n',
        free: 'export const free = 0;\n',
      }),
    );
    expect(order(reloadOrder(engine.runtime.graph, files('z', 'y', 'free', 'x')))).toEqual(['free', 'y', 'x', 'z']);
  });

  test('a proposal whose first section uses what its last section adds applies in one go', async () => {
    const root = makeWorkspace({
      a: 'import { c } from "./c";\nexport const a = () => c();\n',
      b: 'export const b = 1;\n',
      c: 'export const c = () => "c";\n',
    });
    const engine = await startEngine(root);
    const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 20_000 } });
    const code = [
      '// @target a',
      'import { extra } from "./c";',
      'export const useExtra = () => extra();',
      '// @target b',
      'export const bee = () => "b";',
      '// @target c',
      'export const extra = () => "extra";',
      '',
    ].join('\n');
    const proposal = proposals.create({ feature: 'a uses a new export of c', code });
    proposals.approve(proposal.id, { force: true });
    const preview = proposals.preview(proposal.id);
    const result = await proposals.apply(proposal.id, 'a', 'append', preview.baseHash);
    expect(result.outcome).toBe('applied');
    const reloaded = engine.reloads.getReloadHistory(10).map((record) => record.module).reverse();
    expect(reloaded).toEqual(['b', 'c', 'a']);
    expect(await engine.runtime.call('a' as ModuleId, 'useExtra', [])).toBe('extra');
    expect(readModule(root, 'c')).toContain('export const extra');
  });
});
