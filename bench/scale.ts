import { rmSync } from 'node:fs';
import { openEngine, type Engine } from '../electron/engine/open-engine';
import type { ModuleId } from '../shared/ids';
import { diffLines } from '../shared/line-diff';
import { workspaceWith } from './generate';
import { percentile, spread, timeEach, timeEachSync, type Spread } from './measure';

async function withEngine<T>(files: Record<string, string>, body: (engine: Engine, root: string) => Promise<T>): Promise<T> {
  const root = workspaceWith(files);
  const engine = await openEngine(root);
  try {
    return await body(engine, root);
  } finally {
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A module of `lines` lines: classes and functions, as a large generated file would be. */
export function hugeModule(lines: number, generation: number): string {
  const out = [`export const GENERATION = ${generation};`];
  for (let index = 0; out.length < lines - 3; index += 1) {
    if (index % 10 === 0) out.push(`export class Item${index} {`, `  value(): number { return ${index} + GENERATION; }`, '}');
    else out.push(`export function f${index}(n: number): number {`, `  return n * ${index} + GENERATION;`, '}');
  }
  out.push('export function health(): void {', '  if (f1(1) !== 1 + GENERATION) throw new Error("broken");', '}');
  return `${out.join('\n')}\n`;
}

/** Reload of one 50,000-line module with every check on. */
export async function hugeModuleReload(): Promise<Spread> {
  const sources = Array.from({ length: 7 }, (_, index) => hugeModule(50_000, index + 1));
  return withEngine({ 'huge.ts': hugeModule(50_000, 0) }, async (engine) => {
    const samples = await timeEach(7, async (index) => {
      const result = await engine.reloads.hotReloadModule('huge', { probationMs: 0, source: sources[index] as string });
      if (result.outcome !== 'reloaded') throw new Error(`reload failed: ${result.error?.message}`);
    });
    return spread(samples.slice(2));
  });
}

/** 1,000 small modules (each importing the one before in chains of 10): opening until every module is live. */
export async function openLargeWorkspace(): Promise<Spread> {
  const files: Record<string, string> = {};
  for (let index = 0; index < 1000; index += 1) {
    const name = `m${String(index).padStart(4, '0')}`;
    const previous = index % 10 === 0 ? null : `m${String(index - 1).padStart(4, '0')}`;
    files[`${name}.ts`] = previous === null
      ? `export const v${index} = (n: number): number => n + ${index};\n`
      : `import { v${index - 1} } from './${previous}';\nexport const v${index} = (n: number): number => v${index - 1}(n) + 1;\n`;
  }
  const root = workspaceWith(files);
  try {
    const samples: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      const engine = await openEngine(root);
      samples.push(performance.now() - started);
      if (engine.runtime.current('m0999' as ModuleId) === undefined) throw new Error('m0999 did not load');
      await engine.close();
    }
    // The first open also records 1,000 baseline versions; reopening is what a user waits for daily.
    return spread(samples.slice(1));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Cascade cost per dependent for 100 and 500 direct dependents that must re-run: flat when it is linear. */
export async function cascadeLinearity(): Promise<{ per100: number; per500: number; ms100: number; ms500: number }> {
  const run = async (count: number) => {
    const base = (k: number) => `export const base = (n: number) => n + ${k};\nexport const scaler = () => (n: number) => n * ${k};\n`;
    const files: Record<string, string> = { 'base.ts': base(1) };
    // Each dependent keeps a function it got from base at load, so each must re-run (one using
    // only live bindings would not).
    for (let index = 0; index < count; index += 1) files[`d${index}.ts`] = `import { base, scaler } from './base';\nconst scale = scaler();\nexport const d${index} = (n: number) => base(n) + scale(${index});\n`;
    return withEngine(files, async (engine) => {
      const samples = await timeEach(5, async (index) => {
        const result = await engine.reloads.hotReloadModule('base', { probationMs: 0, source: base(index + 2) });
        if (result.cascade.length !== count) throw new Error(`expected ${count} dependents, got ${result.cascade.length} (${result.outcome} ${result.error?.message ?? ''})`);
      });
      return percentile(samples, 50);
    });
  };
  const ms100 = await run(100);
  const ms500 = await run(500);
  return { ms100, ms500, per100: ms100 / 100, per500: ms500 / 500 };
}

/** The one diff on two unrelated 2 MB files (the limits make it give up early) and on a few edits. */
export function diffOfLargeFiles(): { unrelated: Spread; fewEdits: Spread } {
  const file = (seed: string) => Array.from({ length: 50_000 }, (_, index) => `export const ${seed}${index} = ${index};`).join('\n');
  const a = file('alpha');
  const b = file('beta');
  const edited = a.replace('alpha100 =', 'x100 =');
  return { unrelated: spread(timeEachSync(3, () => diffLines(a, b))), fewEdits: spread(timeEachSync(5, () => diffLines(a, edited))) };
}
