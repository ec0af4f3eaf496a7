import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host';
import { AgentRuntime } from '../../electron/runtime/agent-runtime';
import { Workspace } from '../../electron/runtime/workspace';
import { createPanelHandlers } from '../../electron/services/panel-handlers';
import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService } from '../../shared/contract/panel';
import { launchChromium } from '../support/chromium';
import { scratchDir } from '../support/scratch-dir';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = path.join(PROJECT_ROOT, 'out/renderer');
const DEMO_WORKSPACE = path.join(PROJECT_ROOT, 'resources/demo-workspace');
const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
const DEMO_MODULES = ['knowledge_engine', 'text_utils', 'reasoning', 'conversation', 'saraphina', 'heartbeat'];
const UI_TIMEOUT_MS = 20_000;

let temp: ReturnType<typeof scratchDir>;
let runtime: AgentRuntime;
let host: RunningHost;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.warn(`[panel] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.warn(`[panel] console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) console.warn(`[panel] ${response.status()} for ${response.url()}`);
  });
  return page;
}

beforeAll(async () => {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${path.relative(PROJECT_ROOT, RENDERER_DIR)}/index.html is missing: run \`npm run build\` before the e2e tests.`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  temp = scratchDir('sara-e2e-');
  // A copy: the panel and the agent may change module files; the shipped demo stays untouched.
  cpSync(DEMO_WORKSPACE, temp.dir, { recursive: true });
  runtime = await AgentRuntime.open(Workspace.open(temp.dir));
  const dispatcher = createDispatcher(panelService, createPanelHandlers(runtime, '0.0.0-e2e'));
  host = await startHost({ runtime, dispatcher, rendererDir: RENDERER_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await host?.close();
  runtime?.close();
  temp?.remove();
});

test('the panel served by the host lists the demo workspace modules', async () => {
  const page = await openPage();
  const started = performance.now();
  await page.goto(host.url);
  const modules = page.getByLabel('Modules', { exact: true });
  await modules.getByText('knowledge_engine', { exact: true }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const elapsed = performance.now() - started;
  console.info(`[panel] knowledge_engine visible ${elapsed.toFixed(0)} ms after page.goto`);
  for (const id of DEMO_MODULES) {
    await modules.getByText(id, { exact: true }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }
  await page.screenshot({ path: path.join(RESULTS_DIR, 'panel-modules.png'), fullPage: true });
});

test('without the token the panel shows no modules and says the token is missing', async () => {
  const page = await openPage();
  const withoutToken = new URL(host.url);
  withoutToken.search = '';
  await page.goto(withoutToken.href);
  await page.getByText(/token/i).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.screenshot({ path: path.join(RESULTS_DIR, 'panel-no-token.png'), fullPage: true });
  const text = await page.locator('body').innerText();
  for (const id of DEMO_MODULES) expect(text).not.toContain(id);
});
