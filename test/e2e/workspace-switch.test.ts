import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { scratchDir } from '../support/scratch-dir';
import { DEMO_WORKSPACE, REPO_ROOT } from '../support/temp-workspace';

/*
 * The header's workspace switcher in a browser against the headless host (`serve`): a typed path
 * switches agents and the page starts over on the new one; a folder that is not a workspace gets
 * its one line and the offer to create one from the demo, which then serves.
 */

const UI_TIMEOUT_MS = 30_000;
const temp = scratchDir('saraphina-switch-');
let serve: ChildProcess | undefined;
let browser: Browser | undefined;
let url = '';

beforeAll(async () => {
  const first = path.join(temp.dir, 'first');
  cpSync(DEMO_WORKSPACE, first, { recursive: true });
  const cli = path.join(REPO_ROOT, 'scripts', 'cli.mjs');
  const env = { ...process.env, SARAPHINA_HOME: path.join(temp.dir, 'home') };
  serve = spawn(process.execPath, [cli, 'serve', '--workspace', first, '--json'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: serve?.stdout ?? process.stdin }).once('line', resolve);
    serve?.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  url = (JSON.parse(line) as { url: string }).url;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  serve?.kill('SIGTERM');
  temp.remove();
});

test('a typed path switches the agent, the page starts over on it; a plain folder is offered a workspace from the demo', { timeout: 120_000 }, async () => {
  const second = path.join(temp.dir, 'second');
  cpSync(DEMO_WORKSPACE, second, { recursive: true });
  writeFileSync(path.join(second, 'src', 'only_in_second.ts'), 'export const here = true;\n');
  const plain = path.join(temp.dir, 'plain');
  mkdirSync(plain);

  const page = await (browser as Browser).newPage();
  await page.goto(url);
  const modules = page.getByLabel('Modules', { exact: true });
  await modules.getByText('knowledge_engine', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });

  const switchTo = async (folder: string) => {
    await page.getByRole('button', { name: /switch workspace$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch workspace' });
    await dialog.getByLabel('Folder path').fill(folder);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    return dialog;
  };

  await switchTo(second);
  await modules.getByText('only_in_second', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => page.getByTestId('workspace-path').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(realpathSync(second));

  const dialog = await switchTo(plain);
  await dialog.getByRole('alert').getByText(`No workspace at ${plain}`, { exact: false }).waitFor({ timeout: UI_TIMEOUT_MS });
  // The previous agent still serves while the offer is open.
  expect(await modules.getByText('only_in_second', { exact: true }).count()).toBeGreaterThan(0);
  await dialog.getByRole('button', { name: 'Create a workspace there from the demo' }).click();
  await expect.poll(() => page.getByTestId('workspace-path').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(realpathSync(plain));
  await modules.getByText('knowledge_engine', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await modules.getByText('only_in_second', { exact: true }).count()).toBe(0);
});
