import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../electron/runtime/compile';
import { runCli } from '../support/run-cli';
import { copyDemoWorkspace, tempDir } from '../support/temp-workspace';

async function cli<T = Record<string, unknown>>(args: string[], expectedCode = 0): Promise<T> {
  const run = await runCli([...args, '--json']);
  expect(run.code, `${args.join(' ')}: ${run.stdout} ${run.stderr}`).toBe(expectedCode);
  return JSON.parse(run.stdout) as T;
}

interface Audit {
  versions: { versionId: string; module: string; state: string; reason: string }[];
  reloads: { outcome: string; module: string; newHash: string }[];
}

describe('CLI for automation (--json)', () => {
  test('propose → sandbox → approve → apply → audit → export, then import into a fresh workspace', { timeout: 90_000 }, async () => {
    const root = copyDemoWorkspace();
    const ws = ['--workspace', root];
    const file = path.join(root, 'src', 'knowledge_engine.ts');
    const original = readFileSync(file, 'utf8');
    const code = path.join(tempDir(), 'ke_status.ts');
    writeFileSync(code, "export function ke_status(): string {\n  return 'ok';\n}\n");

    const proposed = await cli<{ id: string; status: string; target: string; mode: string }>(['propose', '--feature', 'Add ke_status', '--file', code, ...ws]);
    expect(proposed).toMatchObject({ status: 'draft', target: 'knowledge_engine', mode: 'append' });
    expect(proposed.id).toMatch(/^proposal_[0-9a-f]{10}$/);

    const sandbox = await cli<{ id: string; passed: boolean; checks: { name: string; ok: boolean }[] }>(['sandbox', proposed.id, ...ws]);
    expect(sandbox).toMatchObject({ id: proposed.id, passed: true });
    expect(sandbox.checks.length).toBeGreaterThan(5);

    expect(await cli(['approve', proposed.id, ...ws])).toMatchObject({ id: proposed.id, status: 'approved', approval: { forced: false } });
    const unconfirmed = await cli<{ ok: boolean; error: { code: string; hint: string } }>(['apply', proposed.id, ...ws], 2);
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'USAGE', hint: expect.stringMatching(/--yes/) } });
    expect(readFileSync(file, 'utf8')).toBe(original);

    const applied = await cli<{ outcome: string; stable: boolean; versionId: string; newHash: string; steps: { name: string }[] }>(['apply', proposed.id, '--yes', '--probation', '200', ...ws]);
    expect(applied).toMatchObject({ outcome: 'applied', stable: true });
    expect(applied.newHash).toBe(sha256(readFileSync(file, 'utf8')));
    expect(applied.steps.map((step) => step.name)).toEqual(['checkpoint', 'write', 'reload', 'checks', 'stable']);

    const audit = await cli<Audit>(['audit', 'knowledge_engine', ...ws]);
    expect(audit.reloads[0]).toMatchObject({ outcome: 'reloaded', module: 'knowledge_engine', newHash: applied.newHash });
    expect(audit.versions.map((version) => version.versionId)).toContain(applied.versionId);

    const diff = await cli<{ diff: string }>(['diff', audit.versions.at(-1)?.versionId as string, 'current', ...ws]);
    expect(diff.diff).toContain("+  return 'ok';");

    const archive = path.join(tempDir(), 'history.json.gz');
    const exported = await cli<{ file: string; versions: number; reloads: number; proposals: number }>(['export', '--out', archive, ...ws]);
    expect(exported).toMatchObject({ file: archive, proposals: 1, reloads: 1 });
    expect(exported.versions).toBe(audit.versions.length + 8);

    const fresh = path.join(tempDir(), 'fresh');
    await cli(['init', fresh]);
    expect(await cli(['import', archive, '--workspace', fresh])).toMatchObject({ versions: exported.versions, reloads: 1, proposals: 1 });
    const again = await cli<{ ok: boolean; error: { code: string } }>(['import', archive, '--workspace', fresh], 1);
    expect(again.error.code).toBe('INVALID_STATE');

    const restored = await cli<Audit>(['audit', 'knowledge_engine', '--workspace', fresh]);
    expect(restored.reloads).toEqual(audit.reloads);
    expect(restored.versions.map((version) => version.versionId)).toEqual(expect.arrayContaining(audit.versions.map((version) => version.versionId)));
    const proposals = await cli<{ id: string; status: string }[]>(['proposals', '--workspace', fresh]);
    expect(proposals).toEqual([expect.objectContaining({ id: proposed.id, status: 'applied' })]);

    const first = audit.versions.at(-1) as Audit['versions'][number];
    expect(first.reason).toBe('first recorded version');
    const refusedRollback = await cli<{ error: { code: string; hint: string } }>(['rollback', first.versionId, ...ws], 2);
    expect(refusedRollback.error.hint).toBe('Pass --yes.');
    expect(await cli(['rollback', first.versionId, '--yes', ...ws])).toMatchObject({ module: 'knowledge_engine', restoredFrom: first.versionId });
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  test('a failing sandbox exits 1 with its report; unknown ids are one-line errors with a hint', { timeout: 60_000 }, async () => {
    const root = copyDemoWorkspace();
    const ws = ['--workspace', root];
    const proposed = await cli<{ id: string }>(['propose', '--feature', 'broken', '--code', "throw new Error('boom at load');", ...ws]);
    const report = await cli<{ passed: boolean; checks: { ok: boolean; output: string }[] }>(['sandbox', proposed.id, ...ws], 1);
    expect(report.passed).toBe(false);
    expect(report.checks.some((check) => !check.ok && check.output.includes('boom at load'))).toBe(true);
    expect(await cli(['approve', proposed.id, ...ws], 1)).toMatchObject({ ok: false, error: { code: 'SANDBOX_FAILED' } });
    const text = await runCli(['sandbox', 'proposal_nope', ...ws]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/^error: PROPOSAL_NOT_FOUND: No proposal "proposal_nope"\. — .+\n$/);
    expect(await cli(['propose', '--feature', 'x', ...ws], 2)).toMatchObject({ error: { code: 'USAGE' } });
  });
});
