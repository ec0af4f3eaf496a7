import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * The timeline and the audit in Chromium against the headless host: a version made by a reload
 * appears live, a rollback from the timeline restores the file (a new entry, nothing rewritten),
 * and the audit compares two versions side by side.
 */

const MODULE = 'knowledge_engine';
const ADDITION = `
/** Added by the e2e test: which build of the knowledge engine is running. */
export function ke_build(): string {
  return 'e2e-build-2';
}
`;

let harness: PanelHarness;
let original: string;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-timeline-');
  original = harness.readModule(MODULE);
});

afterAll(async () => {
  await harness?.close();
});

async function openPanel(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await harness.openPage({ colorScheme });
  await page.goto(harness.host.url);
  await page.getByLabel('Modules', { exact: true }).getByText(MODULE, { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

async function selectModule(page: Page, module: string): Promise<void> {
  await page.getByLabel('Modules', { exact: true }).getByRole('button', { name: new RegExp(`^${module}\\b`) }).click();
}

test('a reload appears on the timeline live, and rolling back from the timeline restores the file', async () => {
  const page = await openPanel();
  await page.keyboard.press('Alt+2');
  await expect.poll(() => page.getByRole('tab', { name: /Timeline/ }).getAttribute('aria-selected')).toBe('true');
  await selectModule(page, MODULE);
  const list = page.getByRole('listbox', { name: `Versions of ${MODULE}` });
  await list.waitFor({ timeout: UI_TIMEOUT_MS });

  // A change made outside the panel (a person editing the file, then /reload) shows up without a refresh.
  writeFileSync(path.join(harness.workspace, 'src', `${MODULE}.ts`), `${original}${ADDITION}`);
  const reload = await harness.services.engine.reloads.hotReloadModule(MODULE, { reason: 'e2e: add ke_build' });
  expect(reload.outcome).toBe('reloaded');
  const applied = list.getByRole('option', { name: /e2e: add ke_build/ });
  await applied.waitFor({ timeout: UI_TIMEOUT_MS });
  await applied.click();
  const pane = page.getByTestId('version-pane');
  await pane.getByText('e2e: add ke_build').waitFor();
  await page.getByLabel('Against the previous version').check();
  await page.locator('[data-testid="timeline-diff"] .monaco-diff-editor').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator('[data-testid="timeline-diff"]').getByText("'e2e-build-2'").first().waitFor({ timeout: UI_TIMEOUT_MS });
  await harness.screenshot(page, 'panel-timeline.png');

  // Roll back to the version before it.
  const baseline = harness.services.engine.versions
    .history(MODULE as ModuleId, 10)
    .find((version) => version.versionId !== reload.versionId && version.hash !== reload.newHash);
  expect(baseline).toBeDefined();
  await list.getByRole('option').filter({ has: page.locator(`[data-version-id="${baseline?.versionId}"]`) }).click();
  await page.getByRole('button', { name: 'Roll back to this version' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`Roll back ${MODULE} to ${baseline?.versionId}`) });
  await dialog.waitFor();
  await dialog.getByText('Nothing in the history is removed or rewritten').waitFor();
  await dialog.getByText(/re-instantiated/).waitFor();
  await harness.screenshot(page, 'panel-rollback-dialog.png');
  await dialog.getByRole('button', { name: `Roll back ${MODULE}` }).click();
  await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

  const restored = list.getByRole('option', { name: new RegExp(`Restored.*restored from ${baseline?.versionId}`) });
  await restored.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(harness.readModule(MODULE)).toBe(original);
  // History is never rewritten: the applied version is still there, below the new entry.
  await applied.waitFor();
  await page.getByTestId('notices').getByText(`restored from ${baseline?.versionId}`).waitFor();
  // The module list follows by its own event (modulesChanged), which may come after the notice.
  const shownHash = page.getByTestId('module-row').filter({ hasText: MODULE }).locator('.hash');
  await expect.poll(async () => baseline?.hash.startsWith(await shownHash.innerText()), { timeout: UI_TIMEOUT_MS }).toBe(true);
  await harness.screenshot(page, 'panel-timeline-restored.png');
});

test('the audit shows a side-by-side diff of two versions and the reload history', async () => {
  const page = await openPanel('dark');
  await selectModule(page, MODULE);
  await page.getByRole('tab', { name: /Audit/ }).click();
  const versions = harness.services.engine.versions.history(MODULE as ModuleId, 50);
  const withAddition = versions.find((version) => version.reason === 'e2e: add ke_build');
  const before = versions.find((version) => version.hash !== withAddition?.hash);
  expect(withAddition).toBeDefined();
  await page.getByLabel('Left (before)').selectOption(before?.versionId ?? '');
  await page.getByLabel('Right (after)').selectOption(withAddition?.versionId ?? '');
  const diff = page.getByTestId('audit-diff');
  await diff.locator('.monaco-diff-editor.side-by-side').waitFor({ timeout: UI_TIMEOUT_MS });
  await diff.getByText("'e2e-build-2'").first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => diff.locator('.editor.original .view-lines').innerText()).not.toContain('e2e-build-2');
  await page.getByRole('table', { name: 'Reload history' }).getByText('Reloaded').first().waitFor();
  await harness.screenshot(page, 'panel-audit.png');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const markdown = readFileSync(file, 'utf8');
  expect(markdown).toContain('# Saraphina code audit');
  expect(markdown).toContain("+  return 'e2e-build-2';");
  expect(markdown).toMatch(/\| .* \| knowledge_engine \| reloaded \|/);
});
