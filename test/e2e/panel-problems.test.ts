import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * Issue 13, problem 5: a failure in a proposal is reported in the proposal's own lines, leads to
 * them (the editor opens there with a marker), and the sandbox report starts with a summary.
 */

const MODULE = 'knowledge_engine' as ModuleId;
const BROKEN = `export function ke_broken_sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total +;
}

export const ke_broken_ready = true;
`;
let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-problems-');
});

afterAll(async () => {
  await harness?.close();
});

test('problem 5: a syntax error is located in the proposal, clickable to its line with a marker; the sandbox says how many checks failed', async () => {
  const { proposals } = harness.services;
  const before = harness.readModule(MODULE);
  const proposal = proposals.create({ feature: 'A sum with a syntax error on line 4', code: BROKEN, target: MODULE, source: 'agent' });
  const report = await proposals.sandbox(proposal.id);
  expect(report.passed).toBe(false);
  proposals.approve(proposal.id, { force: true, by: 'test' });

  const page = await harness.openPage({ width: 1600, height: 940 });
  await page.goto(harness.host.url);
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${proposal.id}"]`)).click();
  const detail = page.getByTestId('proposal-detail');
  const failed = report.checks.filter((check) => !check.ok).length;
  await page.getByTestId('sandbox-summary').getByText(`${failed} of ${report.checks.length} checks failed`).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.getByTestId('sandbox-check').first().getAttribute('data-ok')).toBe('false');

  await detail.getByRole('button', { name: 'Apply…' }).click();
  const dialog = page.getByRole('dialog', { name: `Apply ${proposal.id}` });
  await dialog.getByRole('button', { name: `Confirm: append into ${MODULE}` }).click();
  // The type-check gate stops it first: the error is listed at the proposal's own line, which is a link.
  const typeError = dialog.getByTestId('type-errors').getByRole('listitem').filter({ hasText: 'TS1109' });
  await typeError.waitFor({ timeout: 60_000 });
  expect(await typeError.innerText()).toMatch(new RegExp(`^${proposal.id}:4:\\d+ TS1109 .*\\(in (?:src/)?knowledge_engine\\.ts:\\d+\\)`));
  expect(harness.readModule(MODULE)).toBe(before);

  await typeError.getByRole('button', { name: 'line 4 of the proposal' }).click();
  await dialog.waitFor({ state: 'detached' });
  const editor = page.getByTestId('proposal-code');
  await editor.locator('.squiggly-error').first().waitFor({ timeout: UI_TIMEOUT_MS });
  // The cursor is on the proposal's line 4, where the marker is.
  const cursorLine = await editor.locator('.monaco-editor').evaluate((element) => {
    const active = element.querySelector('.line-numbers.active-line-number');
    return active?.textContent?.trim() ?? null;
  });
  expect(cursorLine).toBe('4');
}, 180_000); // a sandbox run, a cold type check and an apply, on a shared machine

test('problem 5: a failed assertion shows what it expected beside what it got, the differing lines marked', async () => {
  const { proposals } = harness.services;
  const tests = [
    "import assert from 'node:assert/strict';",
    'export default function test(modules: any) {',
    "  assert.deepStrictEqual(modules.knowledge_engine.ke_tags(), ['geography', 'europe', 'city']);",
    '}',
  ].join('\n');
  const code = "export function ke_tags(): string[] {\n  return ['geography', 'asia', 'city'];\n}\n";
  const proposal = proposals.create({ feature: 'Tags helper with a wrong tag', code, tests, target: MODULE, source: 'agent' });
  const report = await proposals.sandbox(proposal.id);
  expect(report.passed).toBe(false);

  const page = await harness.openPage({ width: 1280, height: 900 });
  await page.goto(harness.host.url);
  await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${proposal.id}"]`)).click();
  const failed = page.getByTestId('sandbox-check').and(page.locator('[data-ok="false"]')).filter({ hasText: 'proposal tests' });
  const values = failed.getByTestId('assertion-values');
  await values.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await values.innerText()).toContain('deepStrictEqual');
  const expected = values.getByTestId('assertion-expected');
  const actual = values.getByTestId('assertion-actual');
  expect(await expected.innerText()).toContain("'europe'");
  expect(await actual.innerText()).toContain("'asia'");
  // Only the differing element is marked, on each side.
  expect(await expected.locator('.assertion__line--removed').allInnerTexts()).toEqual([expect.stringContaining("'europe'")]);
  expect(await actual.locator('.assertion__line--added').allInnerTexts()).toEqual([expect.stringContaining("'asia'")]);
  // Side by side at 1280 px: the two values start on the same row.
  const [left, right] = await Promise.all([expected.boundingBox(), actual.boundingBox()]);
  expect(left !== null && right !== null && Math.abs(left.y - right.y) < 1 && left.x < right.x).toBe(true);
}, 120_000); // a sandbox run on a shared machine
