import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli';
import { copyDemoWorkspace, tempDir } from '../support/temp-workspace';

async function cli<T = Record<string, unknown>>(args: string[], expectedCode = 0): Promise<T> {
  const run = await runCli([...args, '--json']);
  expect(run.code, `${args.join(' ')}: ${run.stdout} ${run.stderr}`).toBe(expectedCode);
  return JSON.parse(run.stdout) as T;
}

/** Line 3 of the proposal assigns a string to a number. */
const BROKEN = "// ke_status reports the engine's state\nexport function ke_status(): string {\n  const facts: number = 'many';\n  return `ok ${facts}`;\n}\n";

describe('type-check gate through the CLI', () => {
  test('a proposal with a type error is refused at its own line, and applied with an override the history shows', { timeout: 120_000 }, async () => {
    const root = copyDemoWorkspace();
    const ws = ['--workspace', root];
    const file = path.join(root, 'src', 'knowledge_engine.ts');
    const original = readFileSync(file, 'utf8');
    const code = path.join(tempDir(), 'ke_status.ts');
    writeFileSync(code, BROKEN);
    const { id } = await cli<{ id: string }>(['propose', '--feature', 'Add ke_status', '--file', code, '--target', 'knowledge_engine', ...ws]);

    const sandbox = await cli<{ passed: boolean; checks: { name: string; ok: boolean; output: string }[] }>(['sandbox', id, ...ws], 1);
    expect(sandbox.passed).toBe(false);
    expect(sandbox.checks[0]).toMatchObject({ name: 'type check', ok: false, output: expect.stringContaining(`${id}:3:9 TS2322`) });
    await cli(['approve', id, '--force', ...ws]);

    const refused = await cli<{ ok: boolean; error: { code: string; message: string; details: string[] } }>(['apply', id, '--yes', ...ws], 1);
    expect(refused.error.code).toBe('TYPE_ERRORS');
    expect(refused.error.message).toBe(`1 type error in ${id}; not published.`);
    const originalLines = original.split('\n').length - (original.endsWith('\n') ? 1 : 0);
    // The proposal's line 3 is line originalLines + 3 (blank, separator) + 2 of the merged file.
    expect(refused.error.details).toEqual([
      `${id}:3:9 TS2322 Type 'string' is not assignable to type 'number'. (in src/knowledge_engine.ts:${originalLines + 5})`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe(original);

    const text = await runCli(['apply', id, '--yes', ...ws]);
    expect(text.stderr).toContain(`error: TYPE_ERRORS: 1 type error in ${id}; not published.`);
    expect(text.stderr).toContain(`\n  ${id}:3:9 TS2322`);

    const applied = await cli<{ outcome: string; versionId: string; typeCheck: { errors: unknown[] } }>(['apply', id, '--yes', '--allow-type-errors', '--probation', '0', ...ws]);
    expect(applied.outcome).toBe('applied');
    expect(applied.typeCheck.errors).toHaveLength(1);
    const audit = await cli<{ versions: { versionId: string; typeCheck?: { state: string; errors: number } }[] }>(['audit', 'knowledge_engine', ...ws]);
    expect(audit.versions.find((version) => version.versionId === applied.versionId)?.typeCheck).toEqual({ state: 'overridden', errors: 1 });
    const history = await runCli(['audit', 'knowledge_engine', ...ws]);
    expect(history.stdout).toMatch(new RegExp(`${applied.versionId} .*\\(published with 1 type error, overridden\\)`));
  });
});
