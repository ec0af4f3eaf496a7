import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEngine, type Engine } from '../electron/engine/open-engine';
import type { ModuleId } from '../shared/ids';
import { cascadeWorkspaceFiles, dependent, heavyModule, largeModule, LARGE_MODULE_SMOKE, workspaceWith } from './generate';
import { seedHistory } from './history';
import { heapUsedMb, percentile, round, timeEach } from './measure';

interface Metric {
  readonly name: string;
  readonly value: number;
  readonly target: string;
  readonly ok: boolean;
}

const json = process.argv.includes('--json');
const coldStartScript = process.argv.find((arg) => arg.startsWith('--cold-start='))?.slice('--cold-start='.length) ?? '';
const workspaces: string[] = [];
const log = (text: string): void => {
  if (!json) process.stderr.write(`${text}\n`);
};

async function withEngine<T>(files: Record<string, string>, body: (engine: Engine, root: string) => Promise<T>): Promise<T> {
  const root = workspaceWith(files);
  workspaces.push(root);
  const engine = await openEngine(root);
  try {
    return await body(engine, root);
  } finally {
    await engine.close();
  }
}

function coreFiles(): Record<string, string> {
  return {
    'core.ts': largeModule(0),
    'core.smoke.ts': LARGE_MODULE_SMOKE,
    'dep1.ts': dependent(1),
    'dep2.ts': dependent(2),
    'dep3.ts': dependent(3),
  };
}

async function reloadAndRollback(): Promise<{ reload: number[]; rollback: number[]; cold: number[]; root: string }> {
  return withEngine(coreFiles(), async (engine, root) => {
    const file = path.join(root, 'modules', 'core.ts');
    await timeEach(20, async (index) => {
      writeFileSync(file, largeModule(index + 1));
      await engine.reloads.hotReloadModule('core', { probationMs: 0 });
    });
    const reload = await timeEach(200, async (index) => {
      const result = await engine.reloads.hotReloadModule('core', { probationMs: 0, source: largeModule(1000 + index) });
      if (result.outcome !== 'reloaded') throw new Error(`reload failed: ${result.error?.message}`);
    });
    if (reload.length > 0) writeFileSync(file, largeModule(1199));
    const targets = engine.rollback.getVersionHistory('core', 3).map((version) => version.versionId);
    const rollback = await timeEach(100, (index) => engine.rollback.rollbackToVersion(targets[index % 2] as string));
    return { reload, rollback, cold: [], root };
  });
}

function coldStarts(root: string): number[] {
  const samples: number[] = [];
  for (let index = 0; index < 10; index += 1) {
    const started = performance.now();
    execFileSync(process.execPath, [coldStartScript, root, 'core', 'step1'], { stdio: 'pipe' });
    samples.push(performance.now() - started);
  }
  return samples;
}

async function heapGrowth(): Promise<number> {
  return withEngine({ 'heavy.ts': heavyModule(0) }, async (engine) => {
    const reload = async (generation: number) => {
      const result = await engine.reloads.hotReloadModule('heavy', { probationMs: 0, source: heavyModule(generation) });
      if (result.outcome !== 'reloaded') throw new Error(`reload failed: ${result.error?.message}`);
    };
    for (let generation = 1; generation <= 50; generation += 1) await reload(generation);
    const before = heapUsedMb();
    for (let generation = 51; generation <= 2050; generation += 1) await reload(generation);
    return round(heapUsedMb() - before);
  });
}

async function cascade(): Promise<{ ms: number; dependents: number }> {
  return withEngine(cascadeWorkspaceFiles(), async (engine) => {
    const samples = await timeEach(5, async (index) => {
      const result = await engine.reloads.hotReloadModule('m000', {
        probationMs: 0,
        source: `export const base = (n: number) => n + ${index + 2};\n`,
      });
      if (result.cascade.length !== 100) throw new Error(`expected 100 dependents, got ${result.cascade.length}`);
    });
    return { ms: percentile(samples, 50), dependents: engine.runtime.graph.transitiveDependents('m000' as ModuleId).length };
  });
}

async function main(): Promise<void> {
  log('Measuring reload and rollback (500-line module, 3 dependents, all checks on)…');
  const { reload, rollback, root } = await reloadAndRollback();
  log('Measuring cold restarts…');
  const cold = coldStarts(root);
  log('Measuring heap after 2,000 reloads of a module holding 1 MB…');
  const heap = await heapGrowth();
  log('Measuring a cascade to 100 dependents in a 300-module workspace…');
  const cascaded = await cascade();
  log('Measuring history queries over 100,000 stored versions…');
  const history = await seedHistory();

  const reloadP50 = percentile(reload, 50);
  const coldP50 = percentile(cold, 50);
  const metrics: Metric[] = [
    { name: 'reload_p50_ms', value: reloadP50, target: '≤ 20', ok: reloadP50 <= 20 },
    { name: 'reload_p95_ms', value: percentile(reload, 95), target: '≤ 50', ok: percentile(reload, 95) <= 50 },
    { name: 'rollback_p50_ms', value: percentile(rollback, 50), target: '≤ 25', ok: percentile(rollback, 50) <= 25 },
    { name: 'cold_restart_p50_ms', value: coldP50, target: '≥ 10× reload_p50', ok: coldP50 >= 10 * reloadP50 },
    { name: 'heap_growth_mb_after_2000_reloads', value: heap, target: '< 10', ok: heap < 10 },
    { name: 'cascade_100_dependents_ms', value: cascaded.ms, target: '≤ 500', ok: cascaded.ms <= 500 },
    { name: 'history_query_ms_100k', value: history, target: '≤ 10', ok: history <= 10 },
  ];
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  if (json) {
    const figures = Object.fromEntries(metrics.map((metric) => [metric.name, metric.value]));
    process.stdout.write(`${JSON.stringify({ ...figures, speedup_vs_cold_restart: round(coldP50 / reloadP50), machine, all_targets_met: metrics.every((m) => m.ok) })}\n`);
  } else {
    process.stdout.write(`\nSaraphina benchmark — ${machine}\n\n`);
    process.stdout.write(`${'metric'.padEnd(36)}${'value'.padStart(10)}  ${'target'.padEnd(18)}ok\n`);
    for (const metric of metrics) {
      process.stdout.write(`${metric.name.padEnd(36)}${String(metric.value).padStart(10)}  ${metric.target.padEnd(18)}${metric.ok ? 'yes' : 'NO'}\n`);
    }
    process.stdout.write(`\nhot reload is ${round(coldP50 / reloadP50)}× faster than a cold restart\n`);
  }
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
}

void main();
