import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_MODULES, startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-');
});

afterAll(async () => {
  await harness?.close();
});

test('the panel served by the host lists the demo workspace modules', async () => {
  const page = await harness.openPage();
  const started = performance.now();
  await page.goto(harness.host.url);
  const modules = page.getByLabel('Modules', { exact: true });
  await modules.getByText('knowledge_engine', { exact: true }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const elapsed = performance.now() - started;
  console.info(`[panel] knowledge_engine visible ${elapsed.toFixed(0)} ms after page.goto`);
  for (const id of DEMO_MODULES) {
    await modules.getByText(id, { exact: true }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }
  await harness.screenshot(page, 'panel-modules.png');
});

test('without the token the panel shows no modules and says the token is missing', async () => {
  const page = await harness.openPage();
  const withoutToken = new URL(harness.host.url);
  withoutToken.search = '';
  await page.goto(withoutToken.href);
  await page.getByText(/token/i).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await harness.screenshot(page, 'panel-no-token.png');
  const text = await page.locator('body').innerText();
  for (const id of DEMO_MODULES) expect(text).not.toContain(id);
});
