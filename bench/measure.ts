export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[index] ?? Number.NaN);
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Every figure is reported with its spread, never as one sample. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: round(sorted[0] ?? Number.NaN), median: percentile(sorted, 50), max: round(sorted.at(-1) ?? Number.NaN) };
}

export function formatSpread(value: Spread, digits = 1): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(value.median)} (${f(value.min)}–${f(value.max)})`;
}

export async function timeEach(count: number, body: (index: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await body(index);
    samples.push(performance.now() - started);
  }
  return samples;
}

export function timeEachSync(count: number, body: (index: number) => unknown): number[] {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    body(index);
    samples.push(performance.now() - started);
  }
  return samples;
}

export interface MemoryFigures {
  /** JS heap. */
  readonly heapMb: number;
  /** Memory V8 tracks outside the heap (`external`, which includes ArrayBuffers, Buffers, typed arrays). */
  readonly externalMb: number;
  readonly rssMb: number;
}

/**
 * Memory as a user would feel it, after letting the event loop turn (so finalisers and
 * microtasks run) and two full collections.
 */
export async function memoryAfterGc(): Promise<MemoryFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Run with node --expose-gc (npm run bench does).');
  for (let turn = 0; turn < 2; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  const usage = process.memoryUsage();
  const mb = (bytes: number) => bytes / (1024 * 1024);
  return { heapMb: mb(usage.heapUsed), externalMb: mb(usage.external), rssMb: mb(usage.rss) };
}

export function memoryGrowth(before: MemoryFigures, after: MemoryFigures): MemoryFigures {
  return { heapMb: after.heapMb - before.heapMb, externalMb: after.externalMb - before.externalMb, rssMb: after.rssMb - before.rssMb };
}
