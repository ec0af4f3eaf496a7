import { describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli';
import { makeWorkspace } from '../support/temp-workspace';

const modules = {
  facts: `const facts: string[] = [];\nexport function add_fact(text: string): number { facts.push(text); return facts.length; }\nexport function count_facts(): number { return facts.length; }\n`,
  user: `import { count_facts } from './facts';\nexport const report = () => \`\${count_facts()} facts\`;\n`,
};

describe('terminal session with piped input', () => {
  test('/modules and /call answer as text, and state lasts for the session', async () => {
    const root = makeWorkspace(modules);
    const run = await runCli(['session', '--workspace', root], '/modules\n/call facts.add_fact "the sky is blue"\n/call facts.count_facts\n/call user.report\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^facts\s+[0-9a-f]{8}\s+loaded\s+used by user$/m);
    expect(run.stdout).toMatch(/^user\s+[0-9a-f]{8}\s+loaded\s+imports facts$/m);
    expect(run.stdout).toContain('1 facts');
  });

  test('--json answers every line with exactly one line of JSON, errors included', async () => {
    const root = makeWorkspace(modules);
    const input = ['/modules', '/call facts.count_facts', '/call facts.nope', '/call ../../etc.x', '/frobnicate', 'hello'].join('\n');
    const run = await runCli(['session', '--json', '--workspace', root], `${input}\n`);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers).toHaveLength(6);
    expect(answers[0]).toMatchObject({ ok: true, result: expect.arrayContaining([expect.objectContaining({ id: 'facts' })]) });
    expect(answers[1]).toEqual({ ok: true, result: 0 });
    expect(answers[2]).toMatchObject({ ok: false, error: { code: 'NOT_A_FUNCTION' } });
    expect(answers[3]).toMatchObject({ ok: false, error: { code: 'OUTSIDE_WORKSPACE' } });
    expect(answers[4]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(answers[5]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });
});

describe('one-shot CLI commands', () => {
  test('modules --json gives id, full hash, loaded, dependencies and dependents', async () => {
    const root = makeWorkspace(modules);
    const run = await runCli(['modules', '--json', '--workspace', root]);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { id: string; hash: string; loaded: boolean; dependents: string[] }[];
    expect(list.map((m) => m.id)).toEqual(['facts', 'user']);
    expect(list[0]).toMatchObject({ loaded: true, dependents: ['user'] });
    expect(list[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('call --json answers { result }; bad input is a one-line error and exit 1', async () => {
    const root = makeWorkspace(modules);
    const ok = await runCli(['call', 'facts.add_fact', 'hello', '--json', '--workspace', root]);
    expect(JSON.parse(ok.stdout)).toEqual({ result: 1 });
    const bad = await runCli(['call', 'missing.fn', '--workspace', root]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: MODULE_NOT_FOUND: .* — /);
    const usage = await runCli(['frob']);
    expect(usage.code).toBe(2);
  });

  test('init refuses a folder that already has files', async () => {
    const root = makeWorkspace(modules);
    const run = await runCli(['init', root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('WORKSPACE_EXISTS');
  });
});
