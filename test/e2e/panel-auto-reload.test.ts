import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { moduleRow, openPanelOn, startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * Issue 13, what was left: auto-reload on save (a per-workspace toggle, off by default; a failed
 * one leaves the old code serving), lines added and removed on each timeline entry, and the
 * timeline filtered by proposal with links both ways — in Chromium against the headless host.
 */

const MODULE = 'knowledge_engine' as ModuleId;
const RELOAD_TIMEOUT_MS = 90_000;
let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-autoreload-', { config: { probationMs: 0 } });
});

afterAll(async () => {
  await harness?.close();
});

const openPanel = (): Promise<Page> => openPanelOn(harness, MODULE);

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

test('auto-reload on save: off by default, turned on in the panel, a saved file reloads; a broken save keeps the old code serving', async () => {
  const page = await openPanel();
  const toggle = page.getByRole('checkbox', { name: 'Auto-reload on save' });
  await expect.poll(() => toggle.isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
  expect(await toggle.isChecked()).toBe(false);
  expect(harness.services.engine.autoReload.state().enabled).toBe(false);
  // The box shows the host's state: it turns checked once the host has answered (check() would look at once).
  await toggle.click();
  await expect.poll(() => harness.services.engine.autoReload.state().enabled, { timeout: UI_TIMEOUT_MS }).toBe(true);
  await expect.poll(() => toggle.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(true);

  const original = harness.readModule(MODULE);
  const saved = `${original}\nexport function ke_auto_saved(): string {\n  return 'saved in an editor';\n}\n`;
  harness.writeModule(MODULE, saved);
  // A reload checks types and runs the smoke test: on a loaded machine that takes a while.
  await expect.poll(() => harness.services.engine.versions.current(MODULE)?.reason, { timeout: RELOAD_TIMEOUT_MS }).toBe('auto-reload on save');
  expect(await harness.services.engine.runtime.call(MODULE, 'ke_auto_saved', [])).toBe('saved in an editor');

  const broken = `${saved}\nexport const ke_broken = ;\n`;
  harness.writeModule(MODULE, broken);
  const failure = page.getByTestId('notice').and(page.locator('[data-tone="error"]')).filter({ hasText: `Auto-reload of ${MODULE}` });
  await failure.first().waitFor({ timeout: RELOAD_TIMEOUT_MS });
  expect(await failure.first().innerText()).toContain('The previous code keeps serving');
  expect(await harness.services.engine.runtime.call(MODULE, 'ke_auto_saved', [])).toBe('saved in an editor');
  expect(harness.readModule(MODULE)).toBe(broken);
  await expect.poll(() => moduleRow(page, MODULE).getAttribute('data-disk-changed'), { timeout: UI_TIMEOUT_MS }).toBe('true');
  await page.getByRole('button', { name: /Notifications/ }).click();
  const history = page.getByRole('region', { name: 'Notification history' });
  await history.getByText(`Auto-reload of ${MODULE}`).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await history.getByText(`Auto-reload: ${MODULE} reloaded`).first().waitFor({ timeout: UI_TIMEOUT_MS });
  // Each told once, by auto-reload: never again as a plain reload.
  const items = await history.getByTestId('notice-history-item').allInnerTexts();
  expect(items.filter((text) => text.includes(MODULE) && /reloaded in|reload (failed|refused)/.test(text) && !text.includes('Auto-reload'))).toEqual([]);
  await page.keyboard.press('Escape');

  // The console's /auto-reload reads the same setting and turns it off; the toggle follows.
  await page.keyboard.press('Alt+4');
  const input = page.getByRole('textbox', { name: 'Console command' });
  await input.fill('/auto-reload off');
  await input.press('Enter');
  await page.getByRole('log', { name: 'Console output' }).getByText(/Auto-reload on save is off/).waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => toggle.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(false);
  expect(harness.services.engine.autoReload.state().enabled).toBe(false);
  harness.writeModule(MODULE, saved);
}, 300_000);

test('each timeline entry says how many lines it added and removed; the timeline filters by proposal; version, proposal and reload link both ways', async () => {
  const page = await openPanel();
  const { proposals } = harness.services;
  const { versions } = harness.services.engine;
  const before = harness.readModule(MODULE);
  const proposal = proposals.create({ feature: 'Count the facts twice', code: 'export const ke_twice = 2;\nexport const ke_thrice = 3;\n', target: MODULE, source: 'agent' });
  proposals.approve(proposal.id, { force: true, by: 'test' });
  const preview = proposals.preview(proposal.id, MODULE, 'append');
  const result = await proposals.apply(proposal.id, MODULE, 'append', preview.baseHash, { probationMs: 0 });
  expect(result.outcome).toBe('applied');
  const after = harness.readModule(MODULE);
  expect(after.startsWith(before)).toBe(true);
  const added = lineCount(after) - lineCount(before);

  // From the proposal to all its versions on the timeline.
  await page.keyboard.press('Alt+1');
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${proposal.id}"]`)).click();
  await page.getByTestId('proposal-versions-link').click();
  const filter = page.getByTestId('timeline-proposal-filter');
  expect(await filter.inputValue()).toBe(proposal.id);
  const rows = page.getByTestId('timeline-row');
  await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
  const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-version-id')));
  const expected = versions.history(null, 500).filter((version) => version.proposalId === proposal.id).map((version) => version.versionId);
  expect(ids).toEqual(expected);
  expect(ids).toContain(result.versionId);

  const applied = rows.and(page.locator(`[data-version-id="${result.versionId}"]`));
  await applied.getByText(`${added} lines added, 0 removed`).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await applied.getByTestId('line-count').innerText()).toContain(`+${added}`);
  await applied.click();
  const pane = page.getByTestId('version-pane');
  await pane.getByText(`${added} lines added, 0 removed`).waitFor({ timeout: UI_TIMEOUT_MS });
  // The version leads to the reload that recorded it, marked in the audit's reload history.
  await pane.getByTestId('version-reload-link').click();
  const reload = page.locator(`[data-testid="reload-row"][aria-current="true"]`);
  await reload.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await reload.getAttribute('data-version-id')).toBe(result.versionId);
  expect(await page.locator('[data-testid="reload-row"][aria-current="true"]').count()).toBe(1);
  await page.keyboard.press('Alt+2');
  // And back: the version links to its proposal.
  await pane.getByRole('button', { name: proposal.id }).click();
  await page.locator(`[data-testid="proposal-detail"][data-proposal-id="${proposal.id}"]`).waitFor({ timeout: UI_TIMEOUT_MS });

  await page.keyboard.press('Alt+2');
  await filter.selectOption('');
  await expect.poll(() => page.getByTestId('timeline-count').innerText(), { timeout: UI_TIMEOUT_MS }).not.toBe(`${ids.length} versions`);
  await page.getByRole('searchbox', { name: 'Search versions' }).fill('first recorded');
  await expect.poll(async () => (await rows.allInnerTexts()).every((text) => text.includes('first recorded')), { timeout: UI_TIMEOUT_MS }).toBe(true);
  await harness.screenshot(page, 'panel-line-counts.png');
}, 180_000);
