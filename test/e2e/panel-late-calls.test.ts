import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { heldCalls, holdingModule } from '../support/holding-module';
import { describeViolations, seriousViolations } from './panel-axe';
import { moduleRow, openPanelOn, startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * Scenario 6 of issue 9 in Chromium against the headless host: calls still running on a
 * replaced version after the drain are shown live on the module in the sidebar (names, ages,
 * when they are given up), then how they ended: settled, or given up with CALL_ABANDONED.
 */

const MODULE = 'slow_job' as ModuleId;
/** The drain waits this long, and late calls are given up as long after: room for the panel to show them. */
const DRAIN_MS = 6_000;

let harness: PanelHarness;
beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-late-calls-', { config: { drainTimeoutMs: DRAIN_MS, probationMs: 0 }, modules: { [MODULE]: holdingModule('v1') } });
});
afterAll(async () => {
  await harness?.close();
});

/** A call straight into the live module, as its own importers make them (no call limit, unlike runtime.call). */
function hold(): Promise<string> {
  return (harness.services.engine.runtime.namespace(MODULE)['hold'] as () => Promise<string>)();
}

function reloadTo(label: string) {
  harness.writeModule(MODULE, holdingModule(label));
  return harness.services.engine.reloads.hotReloadModule(MODULE, { probationMs: 0 });
}

test('late calls show live on the module: running with ages, one settling, the rest given up; then dismissed', { timeout: 120_000 }, async () => {
  const page = await openPanelOn(harness, MODULE);
  heldCalls().splice(0);
  const first = hold();
  const second = hold().then(
    () => 'settled',
    (error: { code?: string }) => error.code,
  );
  const result = await reloadTo('v2');
  expect(result.lateCalls?.count).toBe(2);

  const line = moduleRow(page, MODULE).getByTestId('late-calls-line');
  await line.filter({ hasText: /^2 calls still running on the replaced version: hold \(\d+ s\), hold \(\d+ s\) — given up in \d+ s$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await line.getAttribute('data-phase')).toBe('running');
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);

  heldCalls()[0]?.();
  expect(await first).toBe('finished on v1');
  await line.filter({ hasText: /^1 call still running on the replaced version: hold \(\d+ s\) — given up in \d+ s; 1 of 2 finished$/ }).waitFor({ timeout: UI_TIMEOUT_MS });

  expect(await second).toBe('CALL_ABANDONED');
  await line.filter({ hasText: '1 late call given up on the replaced version: hold (its caller got CALL_ABANDONED); 1 had finished' }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await line.getAttribute('data-phase')).toBe('abandoned');
  await harness.screenshot(page, 'late-calls-abandoned.png');
  const ended = await seriousViolations(page);
  expect(ended, describeViolations(ended)).toEqual([]);

  await moduleRow(page, MODULE).getByTestId('late-calls').getByRole('button', { name: 'Dismiss' }).click();
  await expect.poll(() => moduleRow(page, MODULE).getByTestId('late-calls').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
});

test('late calls that all settle say so, and a panel opened meanwhile shows them running', { timeout: 120_000 }, async () => {
  heldCalls().splice(0);
  const { runtime } = harness.services.engine;
  const call = hold();
  await reloadTo('v3');
  // Opened after the reload: it asks for the late calls running now.
  const page = await openPanelOn(harness, MODULE);
  const line = moduleRow(page, MODULE).getByTestId('late-calls-line');
  await line.filter({ hasText: /^1 call still running on the replaced version: hold \(\d+ s\)/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  heldCalls()[0]?.();
  expect(await call).toBe('finished on v2');
  await line.filter({ hasText: '1 late call on the replaced version settled' }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await line.getAttribute('data-phase')).toBe('settled');
  expect(await runtime.call(MODULE, 'label', [])).toBe('v3');
});
