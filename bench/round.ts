import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectedAnswer, largeModule } from './generate';
import { memoryAfterGc, type MemoryFigures } from './measure';

/** One system's way of reloading the workload: after core.ts changed on disk, make it live. */
export interface ReloadDriver {
  /** Reloads core (and whatever that implies for its dependents) and answers dep1.use1(1). */
  reloadAndCall(): Promise<number>;
  close(): Promise<void>;
}

export interface RoundOptions {
  readonly root: string;
  readonly warmup: number;
  readonly reloads: number;
  /** The core module's length in lines. */
  readonly lines: number;
}

/** What a child process prints as its one line of JSON. */
export interface RoundResult {
  readonly samples: number[];
  readonly before: MemoryFigures;
  readonly after: MemoryFigures;
}

/**
 * One round in a fresh process: warm up, take memory after GC, then `reloads` timed reloads
 * (write the file, reload, call a dependent and check it answers with the new code), then memory
 * again. Every system is timed on exactly this loop.
 */
export async function runRound(driver: ReloadDriver, options: RoundOptions): Promise<RoundResult> {
  const file = path.join(options.root, 'modules', 'core.ts');
  let generation = 0;
  const once = async () => {
    generation += 1;
    writeFileSync(file, largeModule(generation, options.lines));
    const answer = await driver.reloadAndCall();
    if (answer !== expectedAnswer(generation)) throw new Error(`reload ${generation}: got ${answer}, expected ${expectedAnswer(generation)} (old code served)`);
  };
  for (let index = 0; index < options.warmup; index += 1) await once();
  const before = await memoryAfterGc();
  const samples: number[] = [];
  for (let index = 0; index < options.reloads; index += 1) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  const after = await memoryAfterGc();
  await driver.close();
  return { samples, before, after };
}

export function roundOptionsFromArgs(argv: readonly string[]): RoundOptions & { system: string } {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
  return { system: value('system'), root: value('root'), warmup: Number(value('warmup')), reloads: Number(value('reloads')), lines: Number(value('lines') || 500) };
}
