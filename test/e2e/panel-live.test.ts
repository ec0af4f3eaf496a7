import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { moduleRow, openPanelOn, startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * The one model of what is live (issue 13, problems 1, 3, 4 and 9), in Chromium against the
 * headless host: disk edits noticed and reloadable, automatic rollbacks explained where the
 * person looks, proposal lifecycles that follow the history, and probation ended by hand.
 */

const MODULE = 'knowledge_engine' as ModuleId;
let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-live-');
});

afterAll(async () => {
  await harness?.close();
});

const openPanel = (): Promise<Page> => openPanelOn(harness, MODULE);

/** Creates, force-approves and applies (in append mode) a proposal, as an agent driving the CLI would. */
async function applyProposal(feature: string, code: string, probationMs: number) {
  const { proposals } = harness.services;
  const proposal = proposals.create({ feature, code, target: MODULE, source: 'agent' });
  proposals.approve(proposal.id, { force: true, by: 'test' });
  const preview = proposals.preview(proposal.id, MODULE, 'append');
  const result = await proposals.apply(proposal.id, MODULE, 'append', preview.baseHash, { probationMs });
  return { proposal, result };
}

test('problem 3: an edit saved on disk shows "changed on disk, not loaded" with a diff and a Reload button', async () => {
  const page = await openPanel();
  const row = moduleRow(page, MODULE);
  await expect.poll(() => row.getAttribute('data-disk-changed')).toBe('false');
  const edited = `${harness.readModule(MODULE)}\nexport function ke_saved_on_disk(): string {\n  return 'edited outside the panel';\n}\n`;
  harness.writeModule(MODULE, edited);

  await row.getByTestId('disk-changed').getByText('Changed on disk, not loaded').waitFor({ timeout: UI_TIMEOUT_MS });
  await row.getByRole('button', { name: 'Diff' }).click();
  await page.locator('[data-testid="timeline-diff"] .editor.modified').getByText('ke_saved_on_disk').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await row.getByRole('button', { name: 'Reload' }).click();
  await expect.poll(() => row.getAttribute('data-disk-changed'), { timeout: UI_TIMEOUT_MS }).toBe('false');
  expect(await harness.services.engine.runtime.call(MODULE, 'ke_saved_on_disk', [])).toBe('edited outside the panel');
  expect(harness.readModule(MODULE)).toBe(edited);
});

test('problems 4 and 1: an automatic rollback names its cause in the notice, the sidebar, the audit and the proposal', async () => {
  const page = await openPanel();
  // An automatic rollback goes to the last stable version: let the earlier reload's probation end first.
  await expect.poll(() => harness.services.engine.probation.isOnProbation(MODULE), { timeout: UI_TIMEOUT_MS }).toBe(false);
  const before = harness.readModule(MODULE);
  const { proposal, result } = await applyProposal(
    'A status call that fails on probation',
    "export function ke_fragile(): string {\n  throw new Error('fragile on purpose');\n}\n",
    60_000,
  );
  expect(result.outcome).toBe('applied');
  const row = moduleRow(page, MODULE);
  await row.getByTestId('probation').waitFor({ timeout: UI_TIMEOUT_MS });

  await expect(harness.services.engine.runtime.call(MODULE, 'ke_fragile', [])).rejects.toThrow(/fragile on purpose/);
  await expect.poll(() => harness.readModule(MODULE), { timeout: UI_TIMEOUT_MS }).toBe(before);

  // The notice: the error, its .ts line, and the file that was rewritten; it stays until dismissed.
  const notice = page.getByTestId('notice').and(page.locator('[data-tone="error"]')).filter({ hasText: 'rolled back automatically' });
  await notice.waitFor({ timeout: UI_TIMEOUT_MS });
  const noticeText = await notice.innerText();
  expect(noticeText).toContain('fragile on purpose');
  expect(noticeText).toMatch(/knowledge_engine\.ts:\d+:\d+/);
  expect(noticeText).toMatch(/src\/knowledge_engine\.ts was rewritten to v_/);
  expect(await page.getByTestId('notice').filter({ hasText: /reloaded in/ }).count()).toBe(0);

  // The sidebar says why, with the versions involved.
  const cause = row.getByTestId('failure-cause');
  await cause.waitFor({ timeout: UI_TIMEOUT_MS });
  // The failed reload shows first; the rollback that follows it replaces the cause.
  await expect.poll(() => cause.getAttribute('data-kind'), { timeout: UI_TIMEOUT_MS }).toBe('rolled_back');
  expect(await cause.innerText()).toMatch(/fragile on purpose at knowledge_engine\.ts:\d+:\d+/);

  // The proposal reads "Rolled back", not "Applied".
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${proposal.id}"]`)).click();
  const detail = page.locator(`[data-testid="proposal-detail"][data-proposal-id="${proposal.id}"]`);
  await expect.poll(() => detail.getAttribute('data-lifecycle'), { timeout: UI_TIMEOUT_MS }).toBe('rolled_back');
  expect(await detail.getByTestId('proposal-lifecycle').innerText()).toContain('fragile on purpose');

  // The audit lists the undone reload as rolled back, with the cause.
  await page.keyboard.press('Alt+3');
  const reloadRow = page.getByTestId('reload-history').locator('tbody tr').filter({ hasText: 'fragile on purpose' }).first();
  await reloadRow.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await reloadRow.innerText()).toMatch(/Rolled back/);
  await notice.waitFor({ state: 'visible' });

  // The console, where a terminal user looks, says so too.
  await page.keyboard.press('Alt+4');
  const log = page.getByRole('log', { name: 'Console output' });
  await log.getByText(`${MODULE} rolled back automatically`).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await log.innerText()).toMatch(/fragile on purpose at knowledge_engine\.ts:\d+:\d+/);

  // The rollback on the timeline: one event in the module's lane, its entry and what it undid (README screenshots).
  await page.keyboard.press('Alt+2');
  const restored = harness.services.engine.versions.current(MODULE);
  await page.locator(`[data-testid="timeline-row"][data-version-id="${restored?.versionId}"]`).click();
  const pane = page.locator(`[data-testid="version-pane"][data-version-id="${restored?.versionId}"]`);
  await pane.getByLabel('Against the previous version').check();
  await page.locator('[data-testid="timeline-diff"] .editor.original').getByText('ke_fragile').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await harness.screenshot(page, 'readme-rollback.png');
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await page.locator('[data-testid="timeline-diff"] .monaco-editor.vs-dark').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await harness.screenshot(page, 'readme-rollback-dark.png');
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();
});

test('problem 1: a failed apply reads "Apply failed" and links to the version serving now; a later change supersedes an applied one', async () => {
  const page = await openPanel();
  const serving = harness.services.engine.versions.current(MODULE);
  const { proposal: broken, result } = await applyProposal('Broken on load', "throw new Error('broken at load on purpose');\n", 0);
  expect(result.outcome).toBe('rolled_back');
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${broken.id}"]`)).click();
  const detail = page.locator(`[data-testid="proposal-detail"][data-proposal-id="${broken.id}"]`);
  await expect.poll(() => detail.getAttribute('data-lifecycle'), { timeout: UI_TIMEOUT_MS }).toBe('apply_failed');
  await detail.getByRole('button', { name: 'Apply again…' }).waitFor();
  const line = await detail.getByTestId('proposal-lifecycle').innerText();
  expect(line).toContain(`failed version ${result.versionId}`);
  expect(line).toMatch(/serving now v_/);
  expect(serving).not.toBeNull();

  const { proposal: first } = await applyProposal('First change', 'export const ke_first_change = 1;\n', 0);
  await applyProposal('Second change', 'export const ke_second_change = 2;\n', 0);
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${first.id}"]`)).click();
  const firstDetail = page.locator(`[data-testid="proposal-detail"][data-proposal-id="${first.id}"]`);
  await expect.poll(() => firstDetail.getAttribute('data-lifecycle'), { timeout: UI_TIMEOUT_MS }).toBe('superseded');
  const item = page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${first.id}"]`));
  expect(await item.getAttribute('data-lifecycle')).toBe('superseded');

  // The console's /proposals tells the same story as the panel, not the stored statuses.
  const panelLabel = async (id: string) => page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${id}"]`)).locator('.proposal-item__top .chip').innerText();
  const labels = { broken: await panelLabel(broken.id), first: await panelLabel(first.id) };
  expect(labels).toEqual({ broken: 'Apply failed', first: 'Superseded' });
  await page.keyboard.press('Alt+4');
  const input = page.getByRole('textbox', { name: 'Console command' });
  await input.fill('/proposals');
  await input.press('Enter');
  const log = page.getByRole('log', { name: 'Console output' });
  await log.getByText(new RegExp(`^${first.id} .*Superseded`, 'm')).waitFor({ timeout: UI_TIMEOUT_MS });
  const text = await log.innerText();
  expect(text).toMatch(new RegExp(`^${broken.id}\\s+\\S+ \\S+\\s+${labels.broken}\\s+knowledge_engine`, 'm'));
  expect(text).toMatch(new RegExp(`^${first.id}\\s+\\S+ \\S+\\s+${labels.first}\\s+knowledge_engine`, 'm'));
  expect(text).toMatch(/^ {4}apply failed, nothing changed: .*broken at load on purpose/m);
});

test('problem 9: probation shows a live countdown with "Mark stable now" and "Roll back now"; a rollback can be undone', async () => {
  const page = await openPanel();
  const row = moduleRow(page, MODULE);
  const before = harness.readModule(MODULE);
  await applyProposal('Kept after a look', 'export const ke_kept = true;\n', 120_000);
  const probation = row.getByTestId('probation');
  await probation.waitFor({ timeout: UI_TIMEOUT_MS });
  const first = await probation.getByRole('timer').innerText();
  await expect.poll(() => probation.getByRole('timer').innerText(), { timeout: UI_TIMEOUT_MS }).not.toBe(first);
  await probation.getByRole('button', { name: 'Mark stable now' }).click();
  await probation.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  expect(harness.services.engine.versions.current(MODULE)?.stable).toBe(true);
  expect(harness.services.engine.probation.isOnProbation(MODULE)).toBe(false);

  const kept = harness.readModule(MODULE);
  expect(kept).not.toBe(before);
  await applyProposal('Undone by hand', 'export const ke_undone = true;\n', 120_000);
  await probation.waitFor({ timeout: UI_TIMEOUT_MS });
  await probation.getByRole('button', { name: 'Roll back now' }).click();
  await expect.poll(() => harness.readModule(MODULE), { timeout: UI_TIMEOUT_MS }).toBe(kept);

  // Undo the rollback from its notice: the backup it took is restored, after the usual confirmation.
  const notice = page.getByTestId('notice').filter({ hasText: /restored from/ }).last();
  await notice.getByRole('button', { name: 'Undo' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`Roll back ${MODULE}`) });
  await dialog.getByRole('button', { name: `Roll back ${MODULE}` }).click();
  await expect.poll(() => harness.readModule(MODULE), { timeout: UI_TIMEOUT_MS }).toContain('ke_undone');
});
