import { describe, expect, test } from 'vitest';
import type { LateCallsState } from '../../shared/late-calls';
import { startEngine, writeModule } from '../support/engine';
import { heldCalls, holdingModule } from '../support/holding-module';
import { makeProject } from '../support/project-workspace';
import { id } from '../support/temp-workspace';

async function openHolding(drainTimeoutMs: number) {
  heldCalls().splice(0);
  const root = makeProject({ 'package.json': { name: 'agent', type: 'module', main: 'src/slow.ts' }, 'src/slow.ts': holdingModule('v1'), 'saraphina.config.json': { drainTimeoutMs, typeCheck: false } });
  const engine = await startEngine(root);
  const told: LateCallsState[] = [];
  engine.events.onDidChange((event) => {
    if (event.type === 'lateCalls') told.push(event.calls);
  });
  const hold = () => engine.runtime.call(id('slow'), 'hold', []);
  const reload = () => {
    writeModule(root, 'slow', holdingModule('v2'));
    return engine.reloads.hotReloadModule('slow', { probationMs: 0 });
  };
  return { engine, told, hold, reload };
}

describe('late calls are told as they start, settle or are given up (scenario 6)', () => {
  test('two late calls: told running, then one settled, then all settled; they finish on the old code', async () => {
    // Long enough that nothing is given up while the test releases them one by one.
    const { engine, told, hold, reload } = await openHolding(3_000);
    const first = hold();
    const second = hold();
    const result = await reload();
    expect(result.lateCalls?.count).toBe(2);
    expect(told).toEqual([expect.objectContaining({ module: 'slow', phase: 'running', late: 2, settled: 0, running: [expect.objectContaining({ name: 'hold' }), expect.objectContaining({ name: 'hold' })] })]);
    expect(told[0]?.abandonAt).toBeGreaterThan(told[0]?.at ?? Infinity);
    expect(engine.lateCalls.running()).toHaveLength(1);

    heldCalls()[0]?.();
    expect(await first).toBe('finished on v1');
    await expect.poll(() => told.length).toBe(2);
    expect(told[1]).toMatchObject({ phase: 'running', late: 2, settled: 1, running: [{ name: 'hold' }] });
    heldCalls()[1]?.();
    expect(await second).toBe('finished on v1');
    await expect.poll(() => told.length).toBe(3);
    expect(told[2]).toMatchObject({ phase: 'settled', late: 2, settled: 2, running: [] });
    expect(engine.lateCalls.running()).toEqual([]);
    expect(await engine.runtime.call(id('slow'), 'label', [])).toBe('v2');
  });

  test('a late call that never settles is given up: told by name, and its caller gets CALL_ABANDONED', async () => {
    const { engine, told, hold, reload } = await openHolding(50);
    const outcome = hold().then(
      () => 'settled',
      (error: { code?: string }) => error.code,
    );
    await reload();
    expect(await outcome).toBe('CALL_ABANDONED');
    await expect.poll(() => told.map((state) => state.phase)).toEqual(['running', 'abandoned']);
    expect(told[1]).toMatchObject({ module: 'slow', late: 1, settled: 0, running: [{ name: 'hold' }] });
    expect(engine.lateCalls.running()).toEqual([]);
    // Finishing in the background later tells nothing more: it was given up.
    heldCalls()[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toHaveLength(2);
  });
});
