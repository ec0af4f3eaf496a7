import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { openAppServices, type AppServices } from '../../electron/app/app-services';
import { startHost, type RunningHost } from '../../electron/host';
import { forwardPanelEvents } from '../../electron/services/panel-events';
import { createPanelHandlers } from '../../electron/services/panel-handlers';
import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService } from '../../shared/contract/panel';
import { launchChromium } from '../support/chromium';
import { scratchDir } from '../support/scratch-dir';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'out/renderer');
export const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
const DEMO_WORKSPACE = path.join(PROJECT_ROOT, 'resources/demo-workspace');
export const DEMO_MODULES = ['knowledge_engine', 'text_utils', 'reasoning', 'conversation', 'saraphina', 'heartbeat'];
export const UI_TIMEOUT_MS = 20_000;

/** A module's row in the sidebar. */
export function moduleRow(page: Page, module: string): Locator {
  return page.getByTestId('module-row').and(page.locator(`[data-module-id="${module}"]`));
}

/** A new page on the harness's panel, once `module`'s row is in the sidebar. */
export async function openPanelOn(harness: PanelHarness, module: string): Promise<Page> {
  const page = await harness.openPage({ width: 1600, height: 940 });
  await page.goto(harness.host.url);
  await moduleRow(page, module).waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

/** The built panel served by a headless host over a copy of the demo workspace, and a Chromium. */
export interface PanelHarness {
  readonly services: AppServices;
  /** The host serving now (a new one after `restartHost`). */
  readonly host: RunningHost;
  readonly workspace: string;
  /** Stops the host and starts a new one on the same services, with a new token and port. */
  restartHost(): Promise<RunningHost>;
  /** Requests any page made to anywhere but this machine (there must be none). */
  readonly externalRequests: readonly string[];
  openPage(options?: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; clipboard?: boolean }): Promise<Page>;
  /** The module's file as it is on disk now. */
  readModule(module: string): string;
  /** Writes the module's file as an editor outside the panel would. */
  writeModule(module: string, content: string): void;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `config` is written to the workspace copy's saraphina.config.json (e.g. a long probation);
 * `modules` adds module files (id → source) next to the demo's before the engine opens.
 */
export async function startPanelHarness(
  prefix: string,
  options: { config?: Record<string, unknown>; modules?: Record<string, string> } = {},
): Promise<PanelHarness> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${path.relative(PROJECT_ROOT, RENDERER_DIR)}/index.html is missing: run \`npm run build\` before the e2e tests.`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const temp = scratchDir(prefix);
  // A copy: the panel and the agent change module files; the shipped demo stays untouched.
  cpSync(DEMO_WORKSPACE, temp.dir, { recursive: true });
  // Extra modules are entries beside the demo's own (main), so they load like the rest.
  const extra = Object.keys(options.modules ?? {});
  const config = extra.length === 0 ? options.config : { ...options.config, entry: ['main', ...extra] };
  if (config !== undefined) writeFileSync(path.join(temp.dir, 'saraphina.config.json'), JSON.stringify(config));
  for (const [id, source] of Object.entries(options.modules ?? {})) writeFileSync(path.join(temp.dir, 'src', `${id}.ts`), source);
  const services = await openAppServices(temp.dir);
  const dispatcher = createDispatcher(panelService, createPanelHandlers(services, '0.0.0-e2e'), (error) =>
    console.warn('[host] handler failed', error),
  );
  const start = () =>
    startHost({
      dispatcher,
      events: (send) => forwardPanelEvents(services, send),
      rendererDir: RENDERER_DIR,
    });
  let host = await start();
  const browser: Browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const externalRequests: string[] = [];
  return {
    services,
    get host() {
      return host;
    },
    async restartHost() {
      await host.close();
      host = await start();
      return host;
    },
    workspace: temp.dir,
    externalRequests,
    async openPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1400, height: options.height ?? 860 },
        colorScheme: options.colorScheme ?? 'light',
      });
      contexts.push(context);
      if (options.clipboard === true) await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.warn(`[panel] page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') console.warn(`[panel] console error: ${message.text()}`);
      });
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
          externalRequests.push(request.url());
          console.warn(`[panel] request left the machine: ${request.url()}`);
        }
      });
      page.on('response', (response) => {
        if (response.status() >= 400) console.warn(`[panel] ${response.status()} for ${response.url()}`);
      });
      return page;
    },
    readModule: (module) => readFileSync(modulePath(services, module), 'utf8'),
    writeModule: (module, content) => writeFileSync(modulePath(services, module), content),
    async screenshot(page, name) {
      const file = path.join(RESULTS_DIR, name);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await host.close();
      await services.close();
      temp.remove();
    },
  };
}

function modulePath(services: AppServices, module: string): string {
  const { workspace } = services.engine.runtime;
  return workspace.modulePath(workspace.parseModuleId(module));
}
