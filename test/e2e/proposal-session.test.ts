import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { sha256 } from '../../electron/runtime/compile';
import { runCli } from '../support/run-cli';
import { SessionDriver } from '../support/session-driver';
import { copyDemoWorkspace, tempDir } from '../support/temp-workspace';

const sessions: SessionDriver[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
});

const FEATURE = "Add helper function ke_status() returning 'ok'";

test('the acceptance, typed into a terminal session: propose → sandbox → approve → apply (asked) → call → audit', async () => {
  const root = copyDemoWorkspace();
  const file = path.join(root, 'src', 'knowledge_engine.ts');
  const original = readFileSync(file, 'utf8');
  const codeFile = path.join(tempDir(), 'ke_status.ts');
  writeFileSync(codeFile, "export function ke_status(): string {\n  return 'ok';\n}\n");
  const input = [
    '/call knowledge_engine.add_fact "Paris is the capital of France"',
    `/propose-code "${FEATURE}" --file ${codeFile}`,
    '/sandbox-code',
    '/approve-code',
    '/apply-code',
    'knowledge_engine',
    'append',
    'yes',
    '/call knowledge_engine.ke_status',
    '/call knowledge_engine.count_facts',
    '/call saraphina.ask "What is the capital of France?"',
    '/audit-code knowledge_engine',
  ].join('\n');

  const run = await runCli(['session', '--workspace', root], `${input}\n`);

  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = run.stdout;
  const id = /proposed (proposal_[0-9a-f]+) \(draft, by person\): Add helper function ke_status\(\) returning 'ok'$/m.exec(out)?.[1];
  expect(id).toBeDefined();
  expect(out).toMatch(/target: knowledge_engine \(default/);
  expect(out).toMatch(new RegExp(`^sandbox passed for ${id} \\(\\d+ checks`, 'm'));
  expect(out).toMatch(/✓ knowledge_engine smoke test/);
  expect(out).toMatch(new RegExp(`^approved ${id} `, 'm'));
  // /apply-code asked its three questions, answered by the next three input lines.
  expect(out).toMatch(new RegExp(`^Target module for ${id}\\? \\(suggested: knowledge_engine .*\\) \\[knowledge_engine\\]$`, 'm'));
  expect(out).toMatch(/^Write mode \(append\/replace\)\? \[append\]$/m);
  expect(out).toMatch(/^ {2}knowledge_engine\.ts: \+5 −0 lines \(append\)$/m);
  expect(out).toMatch(new RegExp(`^Apply ${id} now\\? \\(yes/no\\) \\[no\\]$`, 'm'));
  expect(out).toMatch(new RegExp(`^applied ${id} to knowledge_engine \\(append\\)`, 'm'));

  const applied = readFileSync(file, 'utf8');
  expect(applied).toBe(`${original}\n// ---- ${id}: ${FEATURE} ----\nexport function ke_status(): string {\n  return 'ok';\n}\n`);
  const lines = out.split('\n');
  const afterApply = lines.slice(lines.findIndex((line) => line.startsWith(`applied ${id}`)));
  expect(afterApply).toContain('ok');
  expect(afterApply).toContain('1');
  expect(out).toMatch(/Paris is the capital of France/);
  // The audit shows the successful reload with the new hash.
  const newHash = sha256(applied).slice(0, 8);
  expect(out).toMatch(new RegExp(`knowledge_engine\\s+reloaded\\s+${sha256(original).slice(0, 8)} → ${newHash}`));
  expect(out).toMatch(new RegExp(`${newHash} .*apply ${id} \\(append\\)`));
});

interface Result<T = unknown> {
  ok: boolean;
  result?: T;
  error?: { code: string; message: string; hint?: string };
}

test('bad proposals in --json mode fail their sandbox, need --force, and when applied end rolled back with everything intact', async () => {
  const root = copyDemoWorkspace();
  const file = path.join(root, 'src', 'knowledge_engine.ts');
  const original = readFileSync(file, 'utf8');
  const session = new SessionDriver(root);
  sessions.push(session);
  await session.ok('/call knowledge_engine.add_fact "Water boils at 100 degrees"');
  const head = (await session.ok<{ versions: { versionId: string }[] }>('/audit-code knowledge_engine')).versions[0]?.versionId;

  const bad: [string, string, 'append' | 'replace', RegExp][] = [
    ['syntax error', 'export function broken( {', 'append', /does not compile/],
    ['throw at load', "throw new Error('boom at load');", 'append', /boom at load/],
    ['endless loop at load', 'while (true) {}', 'append', /did not finish loading/],
    ['replace that drops used exports', "export function ke_status(): string { return 'ok'; }", 'replace', /exports removed: .*count_facts/],
  ];
  for (const [what, code, mode, message] of bad) {
    const proposal = await session.ok<{ id: string; status: string }>(`/propose-code "Bad: ${what}" --code "${code}" --mode ${mode}`);
    expect(proposal.status).toBe('draft');
    const report = await session.ok<{ passed: boolean; checks: { ok: boolean; output: string }[] }>(`/sandbox-code ${proposal.id}`);
    expect(report.passed, what).toBe(false);
    expect(report.checks.filter((check) => !check.ok).map((check) => check.output).join('\n')).toMatch(message);

    const refused = (await session.send(`/approve-code ${proposal.id}`)) as Result;
    expect(refused).toMatchObject({ ok: false, error: { code: 'SANDBOX_FAILED', hint: expect.stringMatching(/--force/) } });
    const notApproved = (await session.send(`/apply-code ${proposal.id} --module knowledge_engine --mode ${mode} --yes`)) as Result;
    expect(notApproved).toMatchObject({ ok: false, error: { code: 'NOT_APPROVED' } });
    expect(readFileSync(file, 'utf8')).toBe(original);

    const forced = await session.ok<{ approval: { forced: boolean } }>(`/approve-code ${proposal.id} --force`);
    expect(forced.approval.forced).toBe(true);
    const result = await session.ok<{ outcome: string; error: { message: string; restoredVersionId: string }; steps: { name: string; ok: boolean }[] }>(
      // Past the type-check gate on purpose: this is about the checks and the rollback after it.
      `/apply-code ${proposal.id} --module knowledge_engine --mode ${mode} --yes --allow-type-errors`,
    );
    expect(result.outcome, what).toBe('rolled_back');
    expect(result.error.message).toMatch(message);
    expect(result.error.restoredVersionId).toBe(head);
    expect(result.steps.at(-1)).toMatchObject({ name: 'rollback', ok: true });
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(await session.ok('/call knowledge_engine.count_facts')).toBe(1);
    expect(await session.ok('/call saraphina.ask "What boils at 100 degrees?"')).toMatch(/Water/);
    expect(await session.send('/call knowledge_engine.ke_status')).toMatchObject({ ok: false, error: { code: 'NOT_A_FUNCTION' } });
  }

  const audit = await session.ok<{ reloads: { outcome: string }[] }>('/audit-code knowledge_engine');
  expect(audit.reloads.filter((reload) => reload.outcome === 'failed')).toHaveLength(4);

  // Questions are refused in --json mode, naming the flag that answers them.
  const ask = (await session.send('/apply-code proposal_0000000000')) as Result;
  expect(ask).toMatchObject({ ok: false, error: { code: 'PROPOSAL_NOT_FOUND', hint: expect.any(String) } });
  const good = await session.ok<{ id: string }>(`/propose-code "${FEATURE}" --code "export function ke_status(): string { return 'ok'; }"`);
  await session.ok(`/sandbox-code ${good.id}`);
  await session.ok(`/approve-code ${good.id}`);
  expect(await session.send(`/apply-code ${good.id}`)).toMatchObject({ ok: false, error: { code: 'USAGE', hint: 'Pass --module.' } });
  expect(await session.send(`/apply-code ${good.id} --module nope --mode append --yes`)).toMatchObject({ ok: false, error: { code: 'MODULE_NOT_FOUND' } });
  expect(readFileSync(file, 'utf8')).toBe(original);

  // Plain language is answered with the command, filled in.
  const suggestion = await session.ok<{ suggestion: { command: string } }>('apply code changes live');
  expect(suggestion.suggestion.command).toBe(`/apply-code ${good.id}`);
  const applied = await session.ok<{ outcome: string }>(`/apply-code ${good.id} --yes`);
  expect(applied.outcome).toBe('applied');
  expect(await session.ok('/call knowledge_engine.ke_status')).toBe('ok');
  const rollback = await session.ok<{ suggestion: { command: string } }>('roll back the last change');
  expect(rollback.suggestion.command).toBe(`/rollback ${head}`);
  const changed = await session.ok<{ suggestion: { command: string; related: string[] } }>('what changed in knowledge_engine?');
  expect(changed.suggestion.command).toBe('/audit-code knowledge_engine');
  expect(changed.suggestion.related[0]).toMatch(/^\/diff v_\S+ current$/);
  const diff = await session.ok<{ diff: string; added: number }>(changed.suggestion.related[0] as string);
  expect(diff.diff).toContain("+export function ke_status(): string { return 'ok'; }");
  expect(await session.end()).toBe(0);
});
