import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { moduleRow, startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * Issue 13, problems 6, 7, 8, 10–15, in Chromium against the headless host. The workspace puts
 * new versions on probation for a minute, so a probation can be watched without racing a timer.
 */

const MODULE = 'knowledge_engine' as ModuleId;
let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-fixes-', { config: { probationMs: 60_000 } });
});

afterAll(async () => {
  await harness?.close();
});

async function openPanel(options: Parameters<PanelHarness['openPage']>[0] = {}): Promise<Page> {
  const page = await harness.openPage({ width: 1600, height: 940, ...options });
  await page.goto(harness.host.url);
  await moduleRow(page, MODULE).waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}


function approvedProposal(feature: string, code: string) {
  const proposal = harness.services.proposals.create({ feature, code, target: MODULE, source: 'agent' });
  harness.services.proposals.approve(proposal.id, { force: true, by: 'test' });
  return proposal;
}

const insideEditor = (page: Page) => page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null && document.activeElement !== null);

test('problem 7: console questions offer the real choices (modules, append/replace, yes/no), never Yes/No for a module', async () => {
  const proposal = approvedProposal('A count as text, applied from the console', 'export function ke_console_count(): string {\n  return String(count_facts());\n}\n');
  const page = await openPanel();
  await page.keyboard.press('Alt+4');
  const input = page.getByRole('textbox', { name: 'Console command' });
  await input.fill(`/apply-code ${proposal.id}`);
  await input.press('Enter');
  const log = page.getByRole('log', { name: 'Console output' });

  const target = log.getByRole('form', { name: /Target module/ });
  await target.waitFor({ timeout: UI_TIMEOUT_MS });
  const choices = await target.getByTestId('console-choices').getByRole('button').allInnerTexts();
  expect(choices[0]).toContain(MODULE);
  expect(choices.some((choice) => choice.includes('text_utils'))).toBe(true);
  expect(choices.some((choice) => /^yes$/i.test(choice.trim()))).toBe(false);
  // Enter in the answer field takes the default: the suggested module, not "yes".
  await target.getByRole('textbox', { name: 'Answer' }).press('Enter');

  const mode = log.getByRole('form', { name: /Write mode/ });
  await mode.waitFor({ timeout: UI_TIMEOUT_MS });
  const modes = await mode.getByTestId('console-choices').getByRole('button').allInnerTexts();
  expect(modes.map((text) => text.replace(/\s*\(default\)/, '').trim())).toEqual(['append', 'replace']);
  await mode.getByRole('button', { name: 'replace' }).waitFor();
  await mode.getByRole('button', { name: /^append/ }).click();

  const confirm = log.getByRole('form', { name: /now\? \(yes\/no\)/ });
  await confirm.waitFor({ timeout: UI_TIMEOUT_MS });
  await confirm.getByRole('button', { name: /^yes/ }).click();
  await expect.poll(() => harness.readModule(MODULE), { timeout: UI_TIMEOUT_MS }).toContain('ke_console_count');
  expect(await log.innerText()).not.toContain('Unknown write mode');
});

test('problems 8 and 11: Replace starts from the module as it is; an empty editor cannot be submitted; focus moves into the form', async () => {
  const page = await openPanel();
  await page.getByRole('button', { name: 'New proposal' }).click();
  const feature = page.getByLabel('Feature');
  await expect.poll(() => feature.evaluate((element) => element === document.activeElement), { timeout: UI_TIMEOUT_MS }).toBe(true);
  await feature.fill('Rewrite the knowledge engine a little');
  const create = page.getByRole('button', { name: 'Create proposal' });
  await page.getByTestId('new-proposal-code').locator('.monaco-editor').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await create.isDisabled()).toBe(true);
  await page.getByTestId('new-proposal-missing').getByText('Write the code first.').waitFor();

  await page.getByLabel('Target module').selectOption(MODULE);
  await page.getByRole('radio', { name: 'Replace' }).check();
  const lines = page.getByTestId('new-proposal-code').locator('.view-lines');
  await expect.poll(() => lines.innerText(), { timeout: UI_TIMEOUT_MS }).toContain('memory');
  await expect.poll(() => create.isDisabled()).toBe(false);
});

test('problem 11: Esc leaves the code editor and Tab goes on; "Tab moves focus" is one click away', async () => {
  const page = await openPanel();
  await page.getByRole('button', { name: 'New proposal' }).click();
  const editor = page.getByTestId('new-proposal-code');
  await editor.locator('.monaco-editor .view-lines').click();
  expect(await insideEditor(page)).toBe(true);
  await page.keyboard.press('Tab');
  expect(await insideEditor(page)).toBe(true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await insideEditor(page)).toBe(false);

  await editor.getByRole('checkbox', { name: /moves focus/ }).check();
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Tab');
  expect(await insideEditor(page)).toBe(false);
});

test('problem 6: the audit picks its own module (shown truthfully) without changing the sidebar; version pickers search', async () => {
  const page = await openPanel();
  await page.keyboard.press('Alt+3');
  const allModules = page.getByRole('button', { name: /All modules/ });
  expect(await allModules.getAttribute('aria-pressed')).toBe('true');
  const compareModule = page.getByTestId('audit-compare').getByLabel('Module', { exact: true });
  await compareModule.selectOption('text_utils');
  expect(await allModules.getAttribute('aria-pressed')).toBe('true');
  expect(await compareModule.inputValue()).toBe('text_utils');
  const left = page.getByLabel('Left (before)');
  await expect.poll(async () => harness.services.engine.versions.get(await left.inputValue())?.module, { timeout: UI_TIMEOUT_MS }).toBe('text_utils');

  const reloadModule = page.getByTestId('reload-history').getByLabel('Module', { exact: true });
  await reloadModule.selectOption('heartbeat');
  expect(await allModules.getAttribute('aria-pressed')).toBe('true');

  const [oldest] = harness.services.engine.versions.history('text_utils' as ModuleId, 100).slice(-1);
  await page.getByLabel('Search the versions (left side)').fill(oldest?.versionId.slice(0, 12) ?? '');
  await expect.poll(() => left.inputValue()).toBe(oldest?.versionId);
});

test('problems 12 and 13: ids copy to the clipboard, links go both ways, times read relative with the exact time on hover', async () => {
  const proposal = approvedProposal('A linked change', 'export const ke_linked = 1;\n');
  const preview = harness.services.proposals.preview(proposal.id, MODULE, 'append');
  const result = await harness.services.proposals.apply(proposal.id, MODULE, 'append', preview.baseHash);
  const page = await openPanel({ clipboard: true });
  await page.keyboard.press('Alt+2');
  const row = page.locator(`[data-testid="timeline-row"][data-version-id="${result.versionId}"]`);
  await row.click();
  const time = row.locator('time');
  expect(await time.innerText()).toMatch(/ago|just now/);
  expect(await time.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

  const pane = page.getByTestId('version-pane');
  await pane.getByRole('button', { name: `Copy version id ${result.versionId}` }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(result.versionId);

  // Version → proposal → version.
  await pane.getByRole('button', { name: proposal.id }).click();
  const detail = page.locator(`[data-testid="proposal-detail"][data-proposal-id="${proposal.id}"]`);
  await detail.waitFor({ timeout: UI_TIMEOUT_MS });
  await detail.getByRole('button', { name: `Copy proposal id ${proposal.id}` }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(proposal.id);
  await detail.getByTestId('proposal-lifecycle').getByRole('button', { name: result.versionId ?? '' }).click();
  await page.locator(`[data-testid="version-pane"][data-version-id="${result.versionId}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
  // Version → its reloads → version.
  await pane.getByRole('button', { name: `reload history of ${MODULE}` }).click();
  await page.getByTestId('reload-history').getByRole('button', { name: result.versionId ?? '' }).first().click();
  await page.locator(`[data-testid="version-pane"][data-version-id="${result.versionId}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
});

test('problem 13: while on probation the Apply steps say "On probation" with a countdown, not "Stable ✓"', async () => {
  await harness.services.engine.rollback.markStable(harness.services.engine.versions.current(MODULE)?.versionId ?? '');
  const proposal = approvedProposal('Watched for a minute', 'export const ke_watched = true;\n');
  const page = await openPanel();
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${proposal.id}"]`)).click();
  await page.getByTestId('proposal-detail').getByRole('button', { name: 'Apply…' }).click();
  const dialog = page.getByRole('dialog', { name: `Apply ${proposal.id}` });
  await dialog.getByRole('button', { name: `Confirm: append into ${MODULE}` }).click();
  const stable = dialog.locator('[data-step="stable"]');
  await expect.poll(() => stable.getAttribute('data-state'), { timeout: 60_000 }).toBe('probation');
  expect(await stable.innerText()).toMatch(/On probation[\s\S]*stable in \d+ s/);
  expect(await stable.innerText()).not.toContain('Stable');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await moduleRow(page, MODULE).getByRole('button', { name: 'Mark stable now' }).click();
  await expect.poll(() => harness.services.engine.probation.isOnProbation(MODULE), { timeout: UI_TIMEOUT_MS }).toBe(false);
});

test('problem 14: an error notice stays until dismissed, repeats are counted, and the history keeps every notice', async () => {
  const page = await openPanel();
  const original = harness.readModule('heartbeat');
  harness.writeModule('heartbeat', `${original}\nexport const broken = ;\n`);
  const row = moduleRow(page, 'heartbeat');
  const reload = row.getByRole('button', { name: 'Reload', exact: true });
  await reload.click();
  const errors = page.getByTestId('notice').and(page.locator('[data-tone="error"]')).filter({ hasText: 'heartbeat' });
  await errors.first().waitFor({ timeout: UI_TIMEOUT_MS });
  for (let index = 0; index < 5; index += 1) await harness.services.engine.reloads.hotReloadModule('text_utils');
  await expect.poll(() => page.getByTestId('notice').filter({ hasText: 'text_utils reloaded' }).count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
  expect(await errors.count()).toBe(1);

  await reload.click();
  await errors.getByText('×2').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await errors.count()).toBe(1);

  await page.getByRole('button', { name: /Notifications/ }).click();
  const history = page.getByRole('region', { name: 'Notification history' });
  await expect.poll(() => history.getByTestId('notice-history-item').count()).toBeGreaterThanOrEqual(7);
  await errors.getByRole('button', { name: 'Dismiss notice' }).click();
  await errors.waitFor({ state: 'detached' });
  harness.writeModule('heartbeat', original);
});

test('problem 15: at 1280 px the timeline diff is inline, and long module names have a tooltip', async () => {
  const page = await openPanel({ width: 1280, height: 800 });
  await page.keyboard.press('Alt+2');
  await page.getByTestId('timeline-row').first().click();
  const diff = page.getByTestId('timeline-diff');
  await diff.locator('.monaco-diff-editor').waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => diff.getAttribute('data-side-by-side'), { timeout: UI_TIMEOUT_MS }).toBe('false');
  await expect.poll(() => diff.locator('.monaco-diff-editor.side-by-side').count()).toBe(0);
  expect(await moduleRow(page, MODULE).locator('.module-item__name').getAttribute('title')).toBe(MODULE);
});

test('problem 10: after a host restart the page takes the new link, keeps the draft, and reads "unknown" meanwhile', async () => {
  const page = await openPanel();
  await page.getByRole('button', { name: 'New proposal' }).click();
  await page.getByLabel('Feature').fill('Draft across a host restart');
  const next = await harness.restartHost();

  await expect.poll(() => moduleRow(page, MODULE).getAttribute('data-health'), { timeout: UI_TIMEOUT_MS }).toBe('unknown');
  expect(await page.getByTestId('view-controls').evaluate((element) => (element as HTMLFieldSetElement).disabled)).toBe(true);
  const link = page.getByLabel('New access link', { exact: true });
  await link.fill('not a link');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByText(/That is not a link/).waitFor();
  await link.fill(next.url);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(next.url.split('?')[0] ?? next.url) && url.hash === '', { timeout: UI_TIMEOUT_MS });
  await moduleRow(page, MODULE).and(page.locator('[data-health="stable"], [data-health="probation"]')).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'New proposal' }).click();
  expect(await page.getByLabel('Feature').inputValue()).toBe('Draft across a host restart');
});
