import { describe, expect, test } from 'vitest';
import { AppError } from '../../shared/errors';
import { STACK_LINE_LIMIT } from '../../electron/runtime/source-mapper';
import { id, makeWorkspace, openRuntime } from '../support/temp-workspace';

// A module throws an error whose message is one 4 MB line: describing it (done for every failed
// call, check and reload) must stay linear; the stack search used to restart at every character.
describe('describing errors from module code', () => {
  const huge = (filler: string) => `
export function fail(): never {
  throw new Error(${JSON.stringify(filler)}.repeat(${Math.ceil((4 * 1024 * 1024) / filler.length)}));
}
`;

  test.each([
    ['letters only', 'x'],
    ['file-like text', 'a.ts:'],
  ])('a 4 MB one-line message (%s) keeps its .ts location and a capped stack', async (_label, filler) => {
    const runtime = await openRuntime(makeWorkspace({ bomb: huge(filler) }));
    const error = await runtime.call(id('bomb'), 'fail', []).then(
      () => null,
      (thrown: unknown) => thrown,
    );

    // What the user sees: one short line naming the module's own line.
    expect(error).toBeInstanceOf(AppError);
    const { message } = (error as AppError).toInfo();
    expect(message.length).toBeLessThan(400);
    expect(message).toMatch(/^bomb\.fail threw: .*\(at bomb\.ts:3:9\)$/);
    // What the history keeps: the stack with the message cut and the frames mapped.
    const described = runtime.describeError((error as AppError).cause);
    expect(described.location).toBe('bomb.ts:3:9');
    const lines = described.stack.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(STACK_LINE_LIMIT + 100);
    expect(lines.some((line) => line.endsWith('more characters cut)'))).toBe(true);
    expect(lines.some((line) => /^\s+at .*bomb\.ts:3:9\)?$/.test(line))).toBe(true);
    runtime.close();
  });
});

// Compiling writes no source map: it is written when an error first needs a location. The
// locations must be exactly what a map written at compile time gave (TypeScript-only syntax
// shifts lines and columns, so a wrong map shows).
describe('source maps written on demand', () => {
  const heavy = (generation: number) => `interface Shape { readonly kind: string }
enum Level { Low, High }
type Pair<T> = readonly [T, T];
export class Box<T extends Shape> {
  private readonly items: T[] = [];
  constructor(private readonly label: string) {}
  add(item: T): this { this.items.push(item); return this; }
  fail(pair: Pair<number>): never {
    const [a, b] = pair as Pair<number>;
    throw new Error(\`\${this.label} \${a + b} \${Level.High} gen ${generation}\`);
  }
}
export function fail(): never {
  return new Box<Shape>('box').add({ kind: 'x' } as Shape).fail([1, 2]);
}
`;

  test('a throw in a loaded module and in a reloaded one names its TypeScript line and column', async () => {
    const runtime = await openRuntime(makeWorkspace({ heavy: heavy(1) }));
    const failure = (): Promise<AppError> => runtime.call(id('heavy'), 'fail', []).then(() => Promise.reject(new Error('fail() returned')), (thrown: unknown) => thrown as AppError);
    const atLoad = await failure();
    expect(atLoad.message).toMatch(/\(at heavy\.ts:10:11\)$/);
    const described = runtime.describeError(atLoad.cause);
    expect(described.stack).toMatch(/heavy\.ts:10:11\)?\n\s+at .*heavy\.ts:14:60/);

    await runtime.swap(id('heavy'), `// one line more\n${heavy(2)}`);
    const afterReload = await failure();
    expect(afterReload.message).toMatch(/gen 2 \(at heavy\.ts:11:11\)$/);
  });
});
