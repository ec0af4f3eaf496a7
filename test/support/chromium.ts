import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags for a quiet, offline headless run on a shared machine (no sandbox: tests run as root in CI). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const INSTALL_HINT = 'Install Debian\'s Chromium with `apt-get install chromium`, or set CHROMIUM_PATH to a Chromium executable.';

/** The system Chromium: CHROMIUM_PATH, else `which chromium`. Playwright's own browser download is never used. */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. ${INSTALL_HINT}`);
    return fromEnv;
  }
  try {
    const found = execFileSync('which', ['chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (found !== '') return found;
  } catch {
    // `which` exits non-zero when nothing is found; reported below.
  }
  throw new Error(`Chromium was not found on PATH. ${INSTALL_HINT}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
}
