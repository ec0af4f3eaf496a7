// Loader design measurement (issue 8): the project's esbuild + node:vm runtime vs Vite's
// module runner with a node:vm evaluator. Reloads a module holding ~1 MB of real data 2,000
// times; heap after forced GC, and reload latency. Run: node --expose-gc --import tsx bench/loader-comparison.ts [current|vite]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createServer, createServerModuleRunner } from 'vite';
import { AgentRuntime } from '../electron/runtime/agent-runtime';
import { Workspace } from '../electron/runtime/workspace';
import type { ModuleId } from '../shared/ids';

const RELOADS = Number(process.env['RELOADS'] ?? 2000);
const heavy = (generation: number): string => `
export const generation = ${generation};
export const rows = Array.from({ length: 12000 }, (_, i) => ({ id: i, text: 'row ' + i + ' of generation ${generation}' }));
export const count = () => rows.length + generation;
`;
const user = "import { count } from './heavy';\nexport const total = () => count();\n";

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] as number;

function project(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'loader-measure-'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'm', type: 'module' }));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src', 'heavy.ts'), heavy(0));
  writeFileSync(path.join(root, 'src', 'user.ts'), user);
  return root;
}

async function measure(name: string, reload: (generation: number) => Promise<number>): Promise<void> {
  for (let generation = 1; generation <= 50; generation += 1) await reload(generation);
  const before = heapMb();
  const latencies: number[] = [];
  const checkpoints: string[] = [];
  for (let generation = 51; generation < 51 + RELOADS; generation += 1) {
    const started = performance.now();
    const total = await reload(generation);
    latencies.push(performance.now() - started);
    if (total !== 12000 + generation) throw new Error(`${name}: wrong total ${total} at ${generation}`);
    if ((generation - 50) % 500 === 0) checkpoints.push((heapMb() - before).toFixed(1));
  }
  const growth = heapMb() - before;
  console.log(
    JSON.stringify({ loader: name, reloads: RELOADS, heapGrowthMb: +growth.toFixed(2), heapEvery500: checkpoints, p50ms: +percentile(latencies, 50).toFixed(2), p95ms: +percentile(latencies, 95).toFixed(2) }),
  );
}

async function current(): Promise<void> {
  const root = project();
  const runtime = await AgentRuntime.open(Workspace.open(root));
  const heavyId = 'heavy' as ModuleId;
  await measure('esbuild+vm (this project)', async (generation) => {
    writeFileSync(path.join(root, 'src', 'heavy.ts'), heavy(generation));
    await runtime.swap(heavyId, runtime.workspace.readModuleSource(heavyId));
    return (await runtime.call('user' as ModuleId, 'total', [])) as number;
  });
  runtime.close();
  rmSync(root, { recursive: true, force: true });
}

/** Vite's runner with an evaluator that keeps node:vm (time limit, real file names). */
async function viteRunner(): Promise<void> {
  const root = project();
  const server = await createServer({ root, configFile: false, logLevel: 'silent', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', optimizeDeps: { noDiscovery: true } });
  const evaluator = {
    startOffset: 0,
    async runInlinedModule(context: Record<string, unknown>, code: string, module: { file?: string | null; id: string }) {
      const names = Object.keys(context);
      const fn = vm.runInThisContext(`'use strict';(async function(${names.join(',')}){${code}\n})`, { filename: module.file ?? module.id, timeout: 2000 }) as (...args: unknown[]) => Promise<void>;
      await fn(...names.map((key) => context[key]));
    },
    runExternalModule: (file: string) => import(file),
  };
  const runner = createServerModuleRunner(server.environments.ssr, { hmr: false, evaluator } as never);
  const heavyFile = path.join(root, 'src', 'heavy.ts');
  const userFile = path.join(root, 'src', 'user.ts');
  await runner.import(userFile);
  await measure('vite module-runner + vm evaluator', async (generation) => {
    writeFileSync(heavyFile, heavy(generation));
    const graph = server.environments.ssr.moduleGraph;
    for (const file of [heavyFile, userFile]) {
      const mod = graph.getModuleById(file);
      if (mod !== undefined) graph.invalidateModule(mod);
      const node = runner.evaluatedModules.getModuleById(file);
      if (node !== undefined) runner.evaluatedModules.invalidateModule(node);
    }
    const userModule = (await runner.import(userFile)) as { total: () => number };
    return userModule.total();
  });
  await runner.close();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'both';
  if (which !== 'vite') await current();
  if (which !== 'current') await viteRunner();
}

void main();
