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
