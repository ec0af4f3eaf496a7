import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host';
import type { RawEventSender } from '../../electron/services/served-agent';
import { AgentSupervisor } from '../../electron/supervisor/agent-supervisor';
import { launchChromium } from '../support/chromium';
import { scratchDir } from '../support/scratch-dir';
import { DEMO_WORKSPACE } from '../support/temp-workspace';
import { RENDERER_DIR, UI_TIMEOUT_MS } from './panel-host';
import { describeViolations, seriousViolations } from './panel-axe';

/*
 * The panel in Chromium over a supervised agent process, as `serve` runs it: the agent dies in a
 * call, then cannot start at all. The panel stays up and says what happened each time, and its
 * repair path starts the agent again.
 */

const temp = scratchDir('saraphina-agent-panel-');
const workspace = path.join(temp.dir, 'workspace');
let supervisor: AgentSupervisor;
let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  cpSync(DEMO_WORKSPACE, workspace, { recursive: true });
  // Its stable version dies at load once the marker file exists: restarting on stable code cannot help.
  writeFileSync(
    path.join(workspace, 'src', 'crashy.ts'),
    "import { existsSync } from 'node:fs';\nif (existsSync('die-at-start')) process.kill(process.pid, 'SIGKILL');\nexport function die(): void { process.kill(process.pid, 'SIGKILL'); }\nexport const ok = (): string => 'ok';\n",
  );
  writeFileSync(path.join(workspace, 'saraphina.config.json'), JSON.stringify({ entry: ['main', 'crashy'], agent: { crashLoopCount: 2, unresponsiveMs: 3000 } }));
  supervisor = await AgentSupervisor.start({ root: workspace, appVersion: '0.0.0-e2e' });
  host = await startHost({ dispatcher: (message) => supervisor.dispatch(message), events: (send) => supervisor.forwardEvents(send as RawEventSender), rendererDir: RENDERER_DIR });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await supervisor?.close();
  temp.remove();
});

test('a crash in a call: the panel stays up, says why and that the agent restarted on its last stable code', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.getByLabel('Modules', { exact: true }).getByText('knowledge_engine', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await supervisor.dispatch({ method: 'callFunction', input: { module: 'crashy', fn: 'die', args: [] } })).toMatchObject({ ok: false, error: { code: 'AGENT_STOPPED' } });
  const banner = page.getByRole('status', { name: 'Agent process' });
  await expect.poll(() => banner.textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/killed by SIGKILL during a call to crashy die\(\) — restarted on its last stable code in \d+ ms/);
  // The views work against the new agent.
  expect(await supervisor.dispatch({ method: 'callFunction', input: { module: 'crashy', fn: 'ok', args: [] } })).toMatchObject({ ok: true, value: 'ok' });
  await page.close();
});

test('a crash loop: repair mode is shown with its actions, the views still answer, and Start brings the agent back', { timeout: 180_000 }, async () => {
  const marker = path.join(workspace, 'die-at-start');
  writeFileSync(marker, '');
  await supervisor.startAgent({});
  expect(supervisor.status().state).toBe('stopped');

  const page = await browser.newPage();
  await page.goto(host.url);
  const banner = page.getByRole('alert', { name: 'Agent process' });
  await expect.poll(() => banner.textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/repair mode.*2 crashes/s);
  // Repair mode still lists the modules and their history.
  await page.getByLabel('Modules', { exact: true }).getByText('crashy', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);

  rmSync(marker);
  await page.getByRole('button', { name: 'Start agent as it is' }).click();
  await expect.poll(() => supervisor.status().state, { timeout: UI_TIMEOUT_MS }).toBe('running');
  await expect.poll(() => page.getByRole('alert', { name: 'Agent process' }).count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  expect(await supervisor.dispatch({ method: 'callFunction', input: { module: 'crashy', fn: 'ok', args: [] } })).toMatchObject({ ok: true, value: 'ok' });
  await page.close();
});
