import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startEngine, writeModule } from '../support/engine';
import { makeProject } from '../support/project-workspace';

const good = 'export const answer = (): number => 1;\nexport function health(): void {}\nexport function ready(): boolean { return true; }\n';

describe('time limits of the checks', () => {
  test('an endless loop in health(), in an extra check or in the smoke test fails that check with the time-limit error; the others still run, and the old code serves', async () => {
    const root = makeProject({
      'package.json': { name: 'agent', type: 'module' },
      'saraphina.config.json': { typeCheck: false, checkTimeoutMs: 150, extraChecks: ['ready'] },
      'src/core.ts': good,
      'src/core.smoke.ts': "export default function smoke(m: { answer(): number }): void { if (m.answer() === 3) for (;;) {} }\n",
    });
    const engine = await startEngine(root);
    const reload = async (source: string) => {
      writeModule(root, 'core', source);
      return engine.reloads.hotReloadModule('core', { probationMs: 0 });
    };
    const checks = (result: Awaited<ReturnType<typeof reload>>) => Object.fromEntries(result.checks.map((check) => [check.name, check.ok ? 'ok' : check.message]));

    const loopingHealth = await reload('export const answer = (): number => 2;\nexport function health(): void { for (;;) {} }\nexport function ready(): boolean { return true; }\n');
    expect(loopingHealth.outcome).toBe('failed');
    expect(checks(loopingHealth)).toMatchObject({ 'health()': expect.stringContaining('Still running after 150 ms'), 'ready()': 'ok', 'smoke test': 'ok' });

    const loopingEverywhere = await reload('export const answer = (): number => 3;\nexport function health(): void { for (;;) {} }\nexport function ready(): boolean { for (;;) {} }\n');
    expect(loopingEverywhere.outcome).toBe('failed');
    const stopped = expect.stringContaining('Still running after 150 ms');
    expect(checks(loopingEverywhere)).toMatchObject({ 'health()': stopped, 'ready()': stopped, 'smoke test': stopped });
    expect(await engine.runtime.call('core' as ModuleId, 'answer', [])).toBe(1);

    // An async check that never settles is stopped by its timer, and the next check starts after it.
    const hanging = await reload('export const answer = (): number => 4;\nexport function health(): Promise<void> { return new Promise(() => undefined); }\nexport function ready(): boolean { return true; }\n');
    expect(checks(hanging)).toMatchObject({ 'health()': expect.stringContaining('did not finish within'), 'ready()': 'ok', 'smoke test': 'ok' });
    expect((await reload(good.replace('=> 1', '=> 5'))).outcome).toBe('reloaded');
    expect(await engine.runtime.call('core' as ModuleId, 'answer', [])).toBe(5);
  });
});
