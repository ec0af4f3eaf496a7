import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectedAnswer, reloadWorkloadFiles, workspaceWith } from './generate';
import { memoryGrowth, percentile, round, spread, type Spread } from './measure';
import type { RoundResult } from './round';

export const SYSTEMS = ['saraphina', 'hot-hook', 'vite-module-runner', 'vite-node', 'require-cache'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const SYSTEM_LABELS: Record<SystemName | 'cold-saraphina' | 'cold-tsx', string> = {
  saraphina: 'this product (checks, smoke test, SQLite)',
  'hot-hook': 'hot-hook (tsx, import boundaries)',
  'vite-module-runner': "Vite's ModuleRunner",
  'vite-node': 'vite-node',
  'require-cache': 'require-cache delete + esbuild-register',
  'cold-saraphina': 'cold restart: this product',
  'cold-tsx': 'cold restart: node + tsx',
};

export interface SystemFigures {
  readonly system: string;
  readonly label: string;
  readonly p50: number;
  readonly p95: number;
  /** Each round's p50, so the spread between processes shows. */
  readonly roundP50: Spread;
  readonly heapMb: Spread | null;
  readonly externalMb: Spread | null;
  readonly rssMb: Spread | null;
  readonly ratioToProduct: number;
}

export interface PeerOptions {
  readonly outdir: string;
  readonly rounds: number;
  readonly reloads: number;
  readonly warmup: number;
  /** Cold restarts of each kind (0: none). */
  readonly coldStarts: number;
  /** The core module's length in lines. */
  readonly lines: number;
  readonly log: (text: string) => void;
  /** Only these systems (and no cold restarts); null for all. */
  readonly only: readonly SystemName[] | null;
}

const require = createRequire(__filename);

/**
 * Every system in its own child process, one round each in turn (the order rotates per round),
 * on identical copies of the same generated workspace; then cold restarts, interleaved too.
 */
export function comparePeers(options: PeerOptions): SystemFigures[] {
  const systems = SYSTEMS.filter((system) => options.only === null || options.only.includes(system));
  // Cold restarts first: quick, and a broken setup fails before the long rounds.
  const cold = options.only === null && options.coldStarts > 0 ? coldRestarts(options) : {};
  const results = new Map<SystemName, RoundResult[]>(systems.map((system) => [system, []]));
  for (let roundIndex = 0; roundIndex < options.rounds; roundIndex += 1) {
    const order = systems.map((_, index) => systems[(index + roundIndex) % systems.length] as SystemName);
    for (const system of order) {
      options.log(`  round ${roundIndex + 1}/${options.rounds}: ${system} (${options.reloads} reloads)…`);
      results.get(system)?.push(runChild(system, options));
    }
  }
  const productP50 = percentile(results.get('saraphina')?.flatMap((result) => result.samples) ?? [], 50);
  const figures: SystemFigures[] = systems.map((system) => {
    const rounds = results.get(system) ?? [];
    const samples = rounds.flatMap((result) => result.samples);
    const growth = rounds.map((result) => memoryGrowth(result.before, result.after));
    return {
      system,
      label: SYSTEM_LABELS[system],
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      roundP50: spread(rounds.map((result) => percentile(result.samples, 50))),
      heapMb: spread(growth.map((entry) => entry.heapMb)),
      externalMb: spread(growth.map((entry) => entry.externalMb)),
      rssMb: spread(growth.map((entry) => entry.rssMb)),
      ratioToProduct: round(percentile(samples, 50) / productP50),
    };
  });
  for (const [system, samples] of Object.entries(cold) as [keyof typeof cold, number[]][]) {
    figures.push({
      system,
      label: SYSTEM_LABELS[system],
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      roundP50: spread(samples),
      heapMb: null,
      externalMb: null,
      rssMb: null,
      ratioToProduct: round(percentile(samples, 50) / productP50),
    });
  }
  return figures;
}

function runChild(system: SystemName, options: PeerOptions): RoundResult {
  const root = workspaceWith(reloadWorkloadFiles(options.lines));
  try {
    const args = [`--system=${system}`, `--root=${root}`, `--warmup=${options.warmup}`, `--reloads=${options.reloads}`, `--lines=${options.lines}`];
    const node = [process.execPath, '--expose-gc'];
    let command: string[];
    let env: NodeJS.ProcessEnv = process.env;
    if (system === 'saraphina') {
      command = [...node, path.join(options.outdir, 'product-child.cjs'), ...args];
    } else if (system === 'hot-hook') {
      // hot-hook finds its package.json from the working directory; the workspace is ESM for it.
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module', hotHook: {} }));
      const loaders = [moduleUrl('tsx/esm'), moduleUrl('hot-hook/register')].flatMap((url) => ['--import', url]);
      command = [...node, ...loaders, path.join(options.outdir, 'peers-child.mjs'), ...args];
      env = { ...process.env, HOT_HOOK_WATCH: 'false' };
    } else {
      command = [...node, path.join(options.outdir, 'peers-child.mjs'), ...args];
    }
    const child = spawnSync(command[0] as string, command.slice(1), { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 });
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`${system} failed (${child.status ?? child.signal}): ${child.stderr.slice(-2000)}`);
    return JSON.parse(line) as RoundResult;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A new process that opens the workspace and answers one call: what a restart costs a user. */
function coldRestarts(options: PeerOptions): Partial<Record<'cold-saraphina' | 'cold-tsx', number[]>> {
  const root = workspaceWith(reloadWorkloadFiles());
  // node + tsx on its own copy: the package.json it needs for ESM would change this product's view of the folder.
  const tsxRoot = workspaceWith(reloadWorkloadFiles());
  const entry = path.join(tsxRoot, 'cold-tsx.mjs');
  writeFileSync(entry, "const { use1 } = await import('./modules/dep1.ts');\nprocess.stdout.write(String(use1(1)));\n");
  writeFileSync(path.join(tsxRoot, 'package.json'), JSON.stringify({ type: 'module' }));
  const time = (cwd: string, command: string[]) => {
    const started = performance.now();
    const child = spawnSync(command[0] as string, command.slice(1), { cwd, encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (child.status !== 0 || !child.stdout.includes(String(expectedAnswer(0)))) throw new Error(`cold start failed: ${child.stderr.slice(-1000)}`);
    return elapsed;
  };
  const product: number[] = [];
  const tsx: number[] = [];
  options.log(`  cold restarts (${options.coldStarts} each, interleaved)…`);
  for (let index = 0; index < options.coldStarts; index += 1) {
    product.push(time(root, [process.execPath, path.join(options.outdir, 'cold-start.cjs'), root, 'dep1', 'use1']));
    tsx.push(time(tsxRoot, [process.execPath, '--import', moduleUrl('tsx/esm'), entry]));
  }
  rmSync(root, { recursive: true, force: true });
  rmSync(tsxRoot, { recursive: true, force: true });
  return { 'cold-saraphina': product, 'cold-tsx': tsx };
}

function moduleUrl(specifier: string): string {
  return pathToFileURL(require.resolve(specifier)).href;
}
