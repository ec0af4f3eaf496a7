import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { describeViolations, seriousViolations } from './panel-axe';
import { startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * Zero serious or critical axe-core violations in every view, light and dark: the proposals
 * (with the code editor), the timeline (with a diff), the audit (with a diff and the reload
 * history), the console (with output and a question), and the Apply dialog.
 */

const MODULE = 'knowledge_engine' as ModuleId;
let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-a11y-');
  const { proposals, engine } = harness.services;
  const proposal = proposals.create({ feature: 'Facts as text', code: 'export const ke_a11y = 1;\n', target: MODULE, source: 'agent' });
  proposals.approve(proposal.id, { force: true, by: 'test' });
  const preview = proposals.preview(proposal.id, MODULE, 'append');
  await proposals.apply(proposal.id, MODULE, 'append', preview.baseHash, { probationMs: 0 });
  proposals.create({ feature: 'A second idea', code: 'export const ke_idea = 2;\n', target: MODULE, source: 'person' });
  await engine.reloads.hotReloadModule('text_utils');
  // A saved edit not loaded yet, so the sidebar shows its "changed on disk" row and Reload button.
  harness.writeModule('heartbeat', `${harness.readModule('heartbeat')}\nexport const heartbeat_edited = true;\n`);
});

afterAll(async () => {
  await harness?.close();
});

async function openPanel(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await harness.openPage({ colorScheme, width: 1440, height: 900 });
  await page.goto(harness.host.url);
  await page.getByTestId('module-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

const VIEWS: readonly { name: string; show: (page: Page) => Promise<void> }[] = [
  {
    name: 'proposals',
    show: async (page) => {
      await page.keyboard.press('Alt+1');
      await page.getByTestId('proposal-item').first().click();
      await page.getByTestId('proposal-code').locator('.monaco-editor .view-lines').waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
  {
    name: 'new proposal',
    show: async (page) => {
      await page.keyboard.press('Alt+1');
      await page.getByRole('button', { name: 'New proposal' }).click();
      await page.getByTestId('new-proposal-code').locator('.monaco-editor').waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
  {
    name: 'timeline',
    show: async (page) => {
      await page.keyboard.press('Alt+2');
      await page.getByTestId('timeline-row').nth(1).click();
      await page.getByTestId('timeline-diff').locator('.monaco-diff-editor').waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
  {
    name: 'audit',
    show: async (page) => {
      await page.keyboard.press('Alt+3');
      await page.getByTestId('audit-diff').locator('.monaco-diff-editor').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId('reload-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
  {
    name: 'console',
    show: async (page) => {
      await page.keyboard.press('Alt+4');
      const input = page.getByRole('textbox', { name: 'Console command' });
      await input.fill('/help');
      await input.press('Enter');
      const [first] = harness.services.engine.versions.history(MODULE, 100).slice(-1);
      await input.fill(`/rollback ${first?.versionId ?? ''}`);
      await input.press('Enter');
      await page.getByRole('log', { name: 'Console output' }).getByRole('form').first().waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
  {
    name: 'logs',
    show: async (page) => {
      for (const level of ['debug', 'info', 'warn', 'error'] as const) {
        harness.services.engine.agentLog.append({ time: Date.now(), level, module: MODULE, stream: 'console', text: `a ${level} line from the agent` });
      }
      await page.keyboard.press('Alt+5');
      await page.getByTestId('log-line').filter({ hasText: 'a error line' }).last().waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
  {
    name: 'apply dialog',
    show: async (page) => {
      await page.keyboard.press('Alt+1');
      const approved = harness.services.proposals.list().find((proposal) => proposal.status !== 'applied');
      if (approved !== undefined && approved.status !== 'approved') harness.services.proposals.approve(approved.id, { force: true, by: 'test' });
      await page.getByTestId('proposal-item').and(page.locator(`[data-proposal-id="${approved?.id}"]`)).click();
      await page.getByTestId('proposal-detail').getByRole('button', { name: 'Apply…' }).click();
      await page.getByTestId('apply-diff').locator('.monaco-diff-editor').waitFor({ timeout: UI_TIMEOUT_MS });
    },
  },
];

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe-core violations in any view (${colorScheme})`, async () => {
    const page = await openPanel(colorScheme);
    const found: string[] = [];
    for (const view of VIEWS) {
      await view.show(page);
      const violations = await seriousViolations(page);
      if (violations.length > 0) found.push(`[${view.name}]\n${describeViolations(violations)}`);
      if (view.name === 'apply dialog') await page.keyboard.press('Escape');
    }
    expect(found.join('\n\n')).toBe('');
  });
}

test('a skip link leads past the header and the sidebar to the main view', async () => {
  const page = await openPanel('light');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the main view' });
  expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
});
