import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { LineChanges } from '../../electron/services/line-changes';
import { startPanelHarness, UI_TIMEOUT_MS, type PanelHarness } from './panel-host';

/*
 * The visual timeline (issue 13, problem 2): a lane per module on a shared, zoomable time axis,
 * a rollback as one event, search and filters, keyboard navigation; and its cost with 10,000
 * versions across 20 modules, measured with the page's own timings (reported, not asserted).
 */

// The demo has nine modules (its JSON config is one); these make twenty.
const EXTRA = Array.from({ length: 11 }, (_, index) => `lane_module_${String(index + 1).padStart(2, '0')}`);
const COUNT = 10_000;
let harness: PanelHarness;

beforeAll(async () => {
  harness = await startPanelHarness('sara-e2e-lanes-', {
    modules: Object.fromEntries(EXTRA.map((id) => [id, `export function ${id}_status(): string {\n  return 'ok';\n}\n`])),
  });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

async function openLanes(): Promise<Page> {
  const page = await harness.openPage({ width: 1600, height: 1000 });
  await page.goto(harness.host.url);
  await page.getByTestId('module-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Alt+2');
  await page.getByTestId('lanes-canvas').waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

test('one lane per module; a rollback is one event; search, state filter and the keyboard find versions', async () => {
  const { engine } = harness.services;
  const module = 'text_utils' as ModuleId;
  const [baseline] = engine.versions.history(module, 10);
  await engine.rollback.createCheckpoint(module, null, 'a checkpoint to roll back from');
  harness.writeModule(module, `${harness.readModule(module)}\nexport const lanes_marker = 1;\n`);
  await engine.reloads.hotReloadModule(module, { probationMs: 0, reason: 'lanes marker added' });
  await engine.rollback.rollbackToVersion(baseline?.versionId ?? '', 'back to the baseline');

  const page = await openLanes();
  const count = page.getByTestId('lanes-count');
  const total = engine.versions.history(null, 100_000);
  const backups = total.filter((version) => version.state === 'pre_rollback').length;
  // A rollback is one mark (its backup is not drawn as another event).
  await expect.poll(() => count.innerText(), { timeout: UI_TIMEOUT_MS }).toBe(`${total.length - backups} versions in 20 lanes`);

  await page.getByLabel('Show versions').selectOption('restored');
  await expect.poll(() => count.innerText()).toBe('1 version in 20 lanes');
  await page.getByLabel('Show versions').selectOption('all');
  await page.getByLabel('Search versions').fill('lanes marker');
  await expect.poll(() => count.innerText()).toBe('1 version in 20 lanes');
  await page.getByLabel('Search versions').fill('');

  // The keyboard walks the lanes; the selection is announced and opens in the version pane.
  const canvas = page.getByTestId('lanes-canvas');
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  const announced = page.getByTestId('lanes-selection');
  await expect.poll(() => announced.innerText()).toMatch(/^\S+ v_\w+: /);
  for (let index = 0; index < 4; index += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect.poll(() => announced.innerText()).toMatch(/live now/);
  const selectedId = (await announced.innerText()).split(' ')[1]?.replace(':', '');
  await page.locator(`[data-testid="version-pane"][data-version-id="${selectedId}"]`).waitFor({ timeout: UI_TIMEOUT_MS });

  await harness.screenshot(page, 'panel-lanes.png');

  // Switching the theme redraws the lanes in the new theme's colours (the label column is drawn in --surface).
  const labelPixel = () =>
    page.evaluate(() => {
      const element = document.querySelector('[data-testid="lanes-canvas"] canvas') as HTMLCanvasElement;
      const [red, green, blue] = element.getContext('2d')?.getImageData(4, 60, 1, 1).data ?? [];
      return `rgb(${red}, ${green}, ${blue})`;
    });
  expect(await labelPixel()).toBe('rgb(255, 255, 255)');
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await expect.poll(labelPixel, { timeout: UI_TIMEOUT_MS }).toBe('rgb(21, 26, 31)');
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();
  await expect.poll(labelPixel, { timeout: UI_TIMEOUT_MS }).toBe('rgb(255, 255, 255)');
});

test(`with ${COUNT.toLocaleString('en')} versions across 20 modules a zoom step and a scroll step stay cheap (measured)`, async () => {
  const { versions, runtime } = harness.services.engine;
  const modules = runtime.moduleIds();
  expect(modules).toHaveLength(20);
  const sources = new Map(modules.map((id) => [id, runtime.workspace.readModuleSource(id)]));
  // A week of history: one entry a minute (the clock is stepped while recording, then put back).
  const realNow = Date.now;
  let clock = realNow() - COUNT * 60_000;
  Date.now = () => clock;
  try {
    versions.transaction(() => {
      for (let index = 0; index < COUNT; index += 1) {
        clock += 60_000;
        const module = modules[index % modules.length] as ModuleId;
        versions.add({ module, content: `${sources.get(module) ?? ''}\n// lane step ${index}\n`, state: index % 97 === 0 ? 'failed' : 'checkpoint', reason: `lane step ${index}` });
      }
    });
  } finally {
    Date.now = realNow;
  }

  // Lines added and removed, per page of 1,000 as the panel asks: counted once (diffs), then remembered.
  const lineChanges = new LineChanges(versions);
  const timed = async (ids: readonly string[]) => {
    const started = performance.now();
    const counted = await lineChanges.of(ids);
    return { ms: performance.now() - started, counted: Object.keys(counted).length };
  };
  const firstPage = versions.page(null, null, 1_000).versions.map((version) => version.versionId);
  const cold = await timed(firstPage);
  const warm = await timed(firstPage);
  expect([cold.counted, warm.counted]).toEqual([1_000, 1_000]);
  console.info(`[panel] line counts for a page of 1,000 versions: ${cold.ms.toFixed(0)} ms counted, ${warm.ms.toFixed(0)} ms remembered`);

  const page = await openLanes();
  // The newest page comes first; zooming out past its oldest version asks for the older pages.
  const count = page.getByTestId('lanes-count');
  await expect.poll(() => count.innerText(), { timeout: UI_TIMEOUT_MS }).toBe('1,000 versions in 20 lanes');
  await page.getByTestId('lanes-older').waitFor();
  const canvas = page.getByTestId('lanes-canvas');
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('The lanes are not laid out.');
  await page.mouse.move(box.x + box.width * 0.6, box.y + 120);
  let zoomOutsToLoadAll = 0;
  const zoomOutOnce = async () => {
    await page.mouse.wheel(0, 300);
    zoomOutsToLoadAll += 1;
    return page.getByTestId('lanes-older').count();
  };
  await expect.poll(zoomOutOnce, { timeout: 90_000, interval: 250 }).toBe(0);
  await expect.poll(() => count.innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^1\d,\d{3} versions in 20 lanes$/);
  expect(await page.getByTestId('lanes-older').count()).toBe(0);
  await page.getByRole('button', { name: 'Fit all' }).click();
  await page.mouse.move(box.x + box.width * 0.6, box.y + 120);
  await page.evaluate(() => {
    const state = window as unknown as { longTasks: number[] };
    state.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => state.longTasks.push(entry.duration))).observe({ type: 'longtask' });
  });

  const measure = async (action: () => Promise<void>, steps: number) => {
    const costs: number[] = [];
    for (let index = 0; index < steps; index += 1) {
      await page.evaluate(() => performance.clearMeasures('lanes-draw'));
      await action();
      const frame = await page.evaluate(
        () => new Promise<{ draw: number; draws: number }>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
          const entries = performance.getEntriesByName('lanes-draw');
          resolve({ draw: entries.reduce((sum, entry) => sum + entry.duration, 0), draws: entries.length });
        }))),
      );
      expect(frame.draws).toBeGreaterThan(0);
      costs.push(frame.draw);
    }
    return costs;
  };
  const zoom = await measure(() => page.mouse.wheel(0, -240), 24);
  const scroll = await measure(() => page.mouse.wheel(180, 0), 24);
  const zoomOut = await measure(() => page.mouse.wheel(0, 300), 12);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
    return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
  };
  console.info(
    `[panel] lanes, ${COUNT} versions / 20 modules: draw per zoom step ${stats(zoom)}; per zoom-out step ${stats(zoomOut)}; per scroll step ${stats(scroll)}; ` +
      `all ${COUNT} loaded in pages after ${zoomOutsToLoadAll} zoom-out steps; long tasks (>50 ms) during ${zoom.length + scroll.length + zoomOut.length} steps: ${longTasks.length}${longTasks.length > 0 ? ` (longest ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`,
  );
  await harness.screenshot(page, 'panel-lanes-10k.png');
}, 180_000);
