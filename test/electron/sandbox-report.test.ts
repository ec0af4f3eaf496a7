import { describe, expect, test } from 'vitest';
import { ReportReader, REPORT_LIMIT } from '../../electron/sandbox/report-channel';

const SECRET = 'a'.repeat(64);

function read(lines: readonly string[]): { reader: ReportReader; stopped: string[] } {
  const stopped: string[] = [];
  const reader = new ReportReader(SECRET, (reason) => stopped.push(reason));
  for (const line of lines) reader.push(Buffer.from(`${line}\n`));
  return { reader, stopped };
}

const check = (fields: Record<string, unknown>) =>
  `${SECRET} ${JSON.stringify({ type: 'check', check: { name: 'load workspace', module: null, ok: true, ms: 1, output: '', ...fields } })}`;

describe('the report channel, as a forger would use it', () => {
  test('a well-formed report from the runner is accepted', () => {
    const { reader, stopped } = read([check({}), `${SECRET} {"type":"done","checks":1}`]);
    expect(stopped).toEqual([]);
    expect(reader.finished).toBe(true);
    expect(reader.checks).toEqual([{ name: 'load workspace', module: null, ok: true, ms: 1, output: '' }]);
  });

  test.each([
    ['ok: "yes"', check({ ok: 'yes' }), /malformed \(check\.ok/],
    ['an extra field', check({ passed: true }), /malformed/],
    ['an assertion with a value that is not text', check({ ok: false, assertion: { operator: 'strictEqual', expected: 1, actual: '2' } }), /malformed \(check\.assertion\.expected/],
    ['an assertion with an extra field', check({ ok: false, assertion: { operator: 'x', expected: '', actual: '', html: '<b>' } }), /malformed \(check\.assertion/],
    ['a module id that is a path', check({ module: '../etc' }), /malformed \(check\.module/],
    ['no secret', JSON.stringify({ type: 'done', checks: 0 }), /did not come from the sandbox runner/],
    ['a wrong secret', `${'b'.repeat(64)} {"type":"done","checks":0}`, /did not come from the sandbox runner/],
    ['a done with the wrong count', `${SECRET} {"type":"done","checks":5}`, /said 5 checks but sent 0/],
    ['not JSON', `${SECRET} {"type":`, /not JSON/],
  ])('%s fails the run', (_what, line, reason) => {
    const { reader, stopped } = read([line]);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatch(reason);
    expect(reader.finished).toBe(false);
  });

  test('a failed assertion carries its expected and actual values through', () => {
    const assertion = { operator: 'deepStrictEqual', expected: "[ 1, 2 ]", actual: "[ { id: 7, text: 'wrong' } ]" };
    const { reader, stopped } = read([check({ ok: false, output: 'Expected values to be strictly deep-equal:', assertion })]);
    expect(stopped).toEqual([]);
    expect(reader.checks[0]?.assertion).toEqual(assertion);
  });

  test('anything after done fails the run', () => {
    const { stopped } = read([`${SECRET} {"type":"done","checks":0}`, check({})]);
    expect(stopped[0]).toMatch(/after "done"/);
  });

  test('output is capped per check, and a flood stops the run', () => {
    const { reader } = read([check({ output: 'z'.repeat(6000) })]);
    expect(reader.checks[0]?.output.length).toBeLessThan(4200);
    const { stopped } = read(['x'.repeat(REPORT_LIMIT + 10)]);
    expect(stopped[0]).toMatch(/more than 1024 KB|over \d+ bytes/);
    const long = read([`${SECRET} ${'y'.repeat(40_000)}`]);
    expect(long.stopped[0]).toMatch(/over \d+ bytes/);
  });
});
