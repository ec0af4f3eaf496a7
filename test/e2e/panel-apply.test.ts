import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * The acceptance of the control panel, in Chromium against the headless host, using the panel
 * alone: write a proposal, sandbox and approve it, Apply in append mode after reviewing the
 * side-by-side diff, see the version on the timeline, roll back to the previous version there,
 * and compare the two versions in the audit — checking the file on disk at every step.
 */

const MODULE = 'knowledge_engine';
const FEATURE = 'Report how many facts the engine knows, as text';
const CODE = `export function ke_fact_summary(): string {
  return \`knows \${count_facts()} facts\`;
}
`;

let harness: PanelHarness;
let original: string;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-apply-');
  original = harness.readModule(MODULE);
});

afterAll(async () => {
  await harness?.close();
});

async function openPanel(): Promise<Page> {
  const page = await harness.openPage({ width: 1600, height: 940 });
  await page.goto(harness.host.url);
  await page.getByLabel('Modules', { exact: true }).getByText(MODULE, { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

/** Replaces the text of the Monaco editor labelled `label`, pasted as a person would (typing would auto-indent). */
async function typeInEditor(page: Page, label: string, text: string): Promise<void> {
  await page.getByRole('textbox', { name: label }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
  await page.locator('.monaco-editor', { has: page.getByRole('textbox', { name: label }) }).locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('acceptance: propose, apply in append mode from the dialog, see it on the timeline, roll back, compare in the audit', async () => {
  const page = await openPanel();

  // Write the proposal in the panel.
  await page.getByRole('button', { name: 'New proposal' }).click();
  await page.getByLabel('Feature').fill(FEATURE);
  await typeInEditor(page, 'Code of the new proposal', CODE);
  await page.getByRole('button', { name: 'Create proposal' }).click();
  const detail = page.getByTestId('proposal-detail');
  await detail.getByRole('heading', { name: FEATURE }).waitFor({ timeout: UI_TIMEOUT_MS });
  const [proposal] = harness.services.proposals.list();
  expect(proposal?.code).toBe(CODE);
  expect(proposal?.targets[0]?.module).toBe(MODULE);

  // Sandbox, then approve.
  await detail.getByRole('button', { name: 'Run sandbox' }).click();
  await page.getByTestId('sandbox-report').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 60_000 });
  await detail.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.locator('[data-testid="proposal-detail"][data-status="approved"]').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(harness.readModule(MODULE)).toBe(original);
  await harness.screenshot(page, 'panel-proposals.png');

  // Apply: the suggested module is preselected with its reason; Append; review the diff.
  await detail.getByRole('button', { name: 'Apply…' }).click();
  const dialog = page.getByRole('dialog', { name: `Apply ${proposal?.id}` });
  await dialog.waitFor();
  await expect.poll(() => dialog.getByLabel('Target module').inputValue()).toBe(MODULE);
  await dialog.getByTestId('suggestion').getByText(MODULE).waitFor();
  await dialog.getByRole('radio', { name: 'Replace' }).check();
  await dialog.getByTestId('apply-warnings').getByText(/removes exports/).waitFor({ timeout: UI_TIMEOUT_MS });
  await dialog.getByRole('radio', { name: 'Append' }).check();
  await expect.poll(() => dialog.innerText()).not.toMatch(/removes exports/);
  const diff = dialog.getByTestId('apply-diff');
  await diff.locator('.monaco-diff-editor.side-by-side').waitFor({ timeout: UI_TIMEOUT_MS });
  await diff.locator('.editor.modified').getByText('ke_fact_summary').first().waitFor({ timeout: UI_TIMEOUT_MS });
  // What the reload re-runs: the module itself; its importers keep running on live bindings.
  await dialog.getByTestId('apply-reruns').getByText(/live bindings/).first().waitFor();
  await harness.screenshot(page, 'panel-apply-dialog.png');
  expect(harness.readModule(MODULE)).toBe(original);

  await dialog.getByRole('button', { name: `Confirm: append into ${MODULE}` }).click();
  const outcome = dialog.getByTestId('apply-outcome');
  await outcome.and(page.locator('[data-outcome="applied"]')).waitFor({ timeout: 60_000 });
  for (const step of ['checkpoint', 'write', 'reload', 'checks', 'stable']) {
    await dialog.locator(`[data-step="${step}"][data-state="ok"]`).waitFor();
  }
  const applied = harness.readModule(MODULE);
  expect(applied.startsWith(original)).toBe(true);
  expect(applied).toContain(CODE);
  expect(await harness.services.engine.runtime.call(MODULE as ModuleId, 'ke_fact_summary', [])).toMatch(/^knows \d+ facts$/);
  await harness.screenshot(page, 'panel-apply-done.png');

  // The applied version on the timeline.
  await dialog.getByRole('button', { name: 'Show on the timeline' }).click();
  const appliedVersion = harness.services.engine.versions.current(MODULE as ModuleId);
  expect(appliedVersion?.proposalId).toBe(proposal?.id);
  const pane = page.getByTestId('version-pane');
  await page.locator(`[data-testid="version-pane"][data-version-id="${appliedVersion?.versionId}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
  await pane.getByText(`proposal_`).first().waitFor();
  await pane.getByLabel('Against the previous version').check();
  await page.locator('[data-testid="timeline-diff"] .editor.modified').getByText('ke_fact_summary').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Dismiss notice' }).evaluateAll((buttons) => buttons.forEach((button) => (button as HTMLElement).click()));
  await harness.screenshot(page, 'panel-readme.png');
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  await page.locator('[data-testid="timeline-diff"] .monaco-editor.vs-dark').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await harness.screenshot(page, 'panel-readme-dark.png');
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();

  // Roll back to the previous version from the timeline.
  const previous = harness.services.engine.versions
    .history(MODULE as ModuleId, 20)
    .find((version) => version.hash !== appliedVersion?.hash && version.stable);
  await page.getByRole('listbox', { name: 'Versions of all modules' }).locator(`[data-version-id="${previous?.versionId}"]`).click();
  await pane.getByRole('button', { name: 'Roll back to this version' }).click();
  const rollback = page.getByRole('dialog', { name: new RegExp(`Roll back ${MODULE}`) });
  await rollback.getByRole('button', { name: `Roll back ${MODULE}` }).click();
  await rollback.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  await page.getByRole('option', { name: new RegExp(`restored from ${previous?.versionId}`) }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(harness.readModule(MODULE)).toBe(original);

  // Compare the two versions side by side in the audit.
  await page.keyboard.press('Alt+3');
  await page.getByLabel('Module', { exact: true }).first().selectOption(MODULE);
  await page.getByLabel('Left (before)').selectOption(previous?.versionId ?? '');
  await page.getByLabel('Right (after)').selectOption(appliedVersion?.versionId ?? '');
  const audit = page.getByTestId('audit-diff');
  await audit.locator('.monaco-diff-editor.side-by-side').waitFor({ timeout: UI_TIMEOUT_MS });
  await audit.locator('.editor.modified').getByText('ke_fact_summary').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await harness.screenshot(page, 'panel-acceptance-audit.png');
  expect(harness.readModule(MODULE)).toBe(original);
  // Monaco, its workers and fonts all came from the host: nothing left the machine.
  const loaded = await page.evaluate(() => window.performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(loaded.some((name) => /ts\.worker-.*\.js$/.test(name))).toBe(true);
  expect(harness.externalRequests).toEqual([]);
});

test('a failing replace ends rolled back, and the panel says what failed, where, and which version serves', async () => {
  const before = harness.readModule(MODULE);
  const serving = harness.services.engine.versions.current(MODULE as ModuleId);
  const broken = harness.services.proposals.create({
    feature: 'Rewrite the knowledge engine (broken on purpose)',
    code: "export const size: number = 1;\nthrow new Error('replace failed on purpose');\n",
    target: MODULE,
    source: 'agent',
  });
  const page = await openPanel();
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${broken.id}"]`)).click();
  const detail = page.getByTestId('proposal-detail');
  await detail.getByRole('button', { name: 'Run sandbox' }).click();
  await page.getByTestId('sandbox-report').and(page.locator('[data-passed="false"]')).waitFor({ timeout: 60_000 });
  await detail.getByRole('button', { name: 'Approve anyway…' }).click();
  await page.getByRole('dialog', { name: /without a passed sandbox/ }).getByRole('button', { name: 'Approve anyway' }).click();
  await page.locator('[data-testid="proposal-detail"][data-status="approved"]').waitFor({ timeout: UI_TIMEOUT_MS });

  await detail.getByRole('button', { name: 'Apply…' }).click();
  const dialog = page.getByRole('dialog', { name: `Apply ${broken.id}` });
  await dialog.getByRole('radio', { name: 'Replace' }).check();
  await dialog.getByTestId('apply-warnings').getByText(/removes exports/).waitFor({ timeout: UI_TIMEOUT_MS });
  await dialog.locator('[data-testid="apply-diff"] .monaco-diff-editor').waitFor({ timeout: UI_TIMEOUT_MS });
  await dialog.getByRole('button', { name: `Confirm: replace into ${MODULE}` }).click();
  // The type-check gate refuses first (importers use the dropped exports): nothing written, the errors listed.
  await dialog.getByRole('list', { name: 'Type errors' }).getByText(/TS2305|TS2724|TS2614|has no exported member/).first().waitFor({ timeout: 60_000 });
  expect(harness.readModule(MODULE)).toBe(before);
  await dialog.getByRole('checkbox', { name: /Apply despite type errors/ }).check();
  await dialog.getByRole('button', { name: `Confirm: replace into ${MODULE}` }).click();
  const outcome = dialog.getByTestId('apply-outcome');
  await outcome.and(page.locator('[data-outcome="rolled_back"]')).waitFor({ timeout: 60_000 });
  const text = await outcome.innerText();
  expect(text).toMatch(/The apply failed at/);
  expect(text).toMatch(/knowledge_engine\.ts:\d+/);
  expect(text).toMatch(new RegExp(`${MODULE} was rolled back to version v_`));
  await dialog.locator('[data-step="rollback"][data-state="ok"]').waitFor();
  await harness.screenshot(page, 'panel-apply-rolled-back.png');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  const row = page.getByTestId('module-row').and(page.locator(`[data-module-id="${MODULE}"]`));
  // The sidebar says the last reload failed (and why); the previous code keeps serving.
  await expect.poll(() => row.getAttribute('data-health'), { timeout: UI_TIMEOUT_MS }).toBe('reload_failed');
  await row.getByText('replace failed on purpose').waitFor();
  expect(await harness.services.engine.runtime.call(MODULE as ModuleId, 'count_facts', [])).toEqual(expect.any(Number));
  expect(harness.readModule(MODULE)).toBe(before);
  expect(harness.services.engine.versions.current(MODULE as ModuleId)?.hash).toBe(serving?.hash);
});
