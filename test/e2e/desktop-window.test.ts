import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { scratchDir } from '../support/scratch-dir';
import { DEMO_WORKSPACE, REPO_ROOT } from '../support/temp-workspace';

/*
 * The real desktop window, where an Electron binary is present (ELECTRON_PATH): it opens on the
 * workspace given with --workspace, a change is made and reloaded from the panel's console, rolled
 * back from the timeline (the file is byte-identical to before), and the app closes.
 * ELECTRON_PATH is a plain Electron binary (e.g. node_modules/electron/dist/electron) running this
 * source tree's build, not the packaged app: its fuses refuse the inspector Playwright drives.
 */

const ELECTRON_PATH = process.env['ELECTRON_PATH'];
const available = ELECTRON_PATH !== undefined && ELECTRON_PATH !== '' && existsSync(ELECTRON_PATH);
const SKIP_REASON = 'skipped: no Electron binary here (set ELECTRON_PATH to one; it cannot be downloaded on this machine)';
const MODULE = 'knowledge_engine';
const UI_TIMEOUT_MS = 30_000;
const temp = scratchDir('saraphina-desktop-');
afterAll(() => temp.remove());
if (!available) console.info(`desktop-window.test.ts: ${SKIP_REASON}`);

function definedEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

test.skipIf(!available)(`the desktop window opens a workspace, applies a change, rolls it back and closes${available ? '' : ` (${SKIP_REASON})`}`, { timeout: 180_000 }, async () => {
  const workspace = path.join(temp.dir, 'agent');
  cpSync(DEMO_WORKSPACE, workspace, { recursive: true });
  const file = path.join(workspace, 'modules', `${MODULE}.ts`);
  const original = readFileSync(file, 'utf8');
  const app = await electron.launch({
    executablePath: ELECTRON_PATH ?? '',
    args: [REPO_ROOT, '--workspace', workspace],
    // Electron's user data folder (recent list, window bounds, logs) goes to the temp folder.
    env: { ...definedEnvironment(), XDG_CONFIG_HOME: path.join(temp.dir, 'config'), ELECTRON_RENDERER_URL: '' },
  });
  try {
    const page = await app.firstWindow();
    const modules = page.getByLabel('Modules', { exact: true });
    await modules.getByText(MODULE, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())).toContain('agent');

    writeFileSync(file, `${original}\nexport function desktop_probe(): string {\n  return 'desktop';\n}\n`);
    await page.keyboard.press('Alt+4');
    const input = page.getByRole('textbox', { name: 'Console command' });
    const log = page.getByRole('log', { name: 'Console output' });
    await input.fill(`/reload ${MODULE}`);
    await input.press('Enter');
    await input.fill(`/call ${MODULE}.desktop_probe`);
    await input.press('Enter');
    await log.getByText('desktop').first().waitFor({ timeout: UI_TIMEOUT_MS });

    await page.keyboard.press('Alt+2');
    await modules.getByRole('button', { name: new RegExp(`^${MODULE}\\b`) }).click();
    const versions = page.getByRole('listbox', { name: `Versions of ${MODULE}` });
    await versions.getByRole('option').nth(1).click();
    await page.getByRole('button', { name: 'Roll back to this version' }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`Roll back ${MODULE}`) });
    await dialog.getByRole('button', { name: `Roll back ${MODULE}` }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: UI_TIMEOUT_MS }).toBe(original);
  } finally {
    await app.close();
  }
});
