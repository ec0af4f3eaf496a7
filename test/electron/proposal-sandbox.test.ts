import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { SandboxCheck } from '../../shared/proposals';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { permissionFlag, scrubbedEnvironment } from '../../electron/sandbox/run-sandbox';
import { startEngine } from '../support/engine';
import { copyDemoWorkspace, tempDir } from '../support/temp-workspace';

const KE_STATUS = "export function ke_status(): string {\n  return 'ok';\n}\n";

async function service(sandbox: { timeoutMs?: number; memoryMb?: number } = {}, evalTimeoutMs = 500) {
  const root = copyDemoWorkspace();
  const engine = await startEngine(root, { evalTimeoutMs });
  return { root, engine, proposals: new ProposalService(engine, { sandbox: { timeoutMs: 20_000, ...sandbox } }) };
}

function failedChecks(report: { checks: readonly SandboxCheck[] }) {
  return report.checks.filter((check) => !check.ok);
}

describe('sandbox', () => {
  test('a good proposal passes: compile, load, checks and smoke tests of the target and its dependents, own tests', async () => {
    const { proposals } = await service();
    const tests = "import assert from 'node:assert/strict';\nexport default function test(modules: any) {\n  assert.equal(modules.knowledge_engine.ke_status(), 'ok');\n}\n";
    const proposal = proposals.create({ feature: "Add helper function ke_status() returning 'ok'", code: KE_STATUS, tests });
    const report = await proposals.sandbox(proposal.id);
    expect(failedChecks(report)).toEqual([]);
    expect(report.passed).toBe(true);
    const names = report.checks.map((check) => `${check.module ?? '-'}:${check.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'knowledge_engine:compile',
        '-:load workspace',
        'knowledge_engine:exports kept',
        'knowledge_engine:health()',
        'knowledge_engine:smoke test',
        'reasoning:smoke test',
        'saraphina:smoke test',
        '-:proposal tests',
      ]),
    );
    expect(report.checks.every((check) => typeof check.ms === 'number')).toBe(true);
    expect(proposals.get(proposal.id).status).toBe('sandbox_passed');
  });

  const bad: [string, string, RegExp][] = [
    ['a syntax error', 'export function broken( {\n', /does not compile/],
    ['a throw at load', "throw new Error('boom at load');\n", /boom at load/],
    ['an endless loop at load', 'while (true) {}\n', /did not finish loading|Still running/],
  ];
  test.each(bad)('%s fails its sandbox and the app is unharmed', async (_what, code, message) => {
    const { proposals, engine } = await service();
    const proposal = proposals.create({ feature: 'bad', code });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(failedChecks(report).map((check) => check.output).join('\n')).toMatch(message);
    expect(proposals.get(proposal.id).status).toBe('sandbox_failed');
    expect(await engine.runtime.call('knowledge_engine' as never, 'count_facts', [])).toBe(0);
  });

  test('a failed assertion reports what it expected and what it got, from the smoke test and from the proposal tests', async () => {
    const { proposals } = await service();
    // knowledge_engine.smoke.ts asserts that search() ranks [1, 2] for a capital-of-France query.
    const code = "KnowledgeEngine.prototype.search = function () { return [{ id: 7, text: 'wrong' }]; };\nexport const ke_rigged = true;\n";
    const tests = "import assert from 'node:assert/strict';\nexport default function test(modules: any) {\n  assert.deepEqual({ total: modules.knowledge_engine.ke_rigged, tags: ['a'] }, { total: 3, tags: ['a', 'b'] });\n}\n";
    const proposal = proposals.create({ feature: 'Rig search', code, tests, target: 'knowledge_engine' });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    const smoke = failedChecks(report).find((check) => check.module === 'knowledge_engine' && check.name === 'smoke test');
    expect(smoke?.assertion?.operator).toBe('deepStrictEqual');
    expect(smoke?.assertion?.actual).toContain("text: 'wrong'");
    const own = report.checks.find((check) => check.name === 'proposal tests');
    expect(own?.ok).toBe(false);
    expect(own?.assertion).toEqual({ operator: 'deepStrictEqual', actual: "{\n  tags: [\n    'a'\n  ],\n  total: true\n}", expected: "{\n  tags: [\n    'a',\n    'b'\n  ],\n  total: 3\n}" });
  });

  test('an assertion over a hostile value is shown without running its code, and capped', async () => {
    const { proposals } = await service();
    const tests = [
      "import assert from 'node:assert/strict';",
      "import { inspect } from 'node:util';",
      'export default function test() {',
      "  const trap = new Proxy({}, { get() { throw new Error('trap ran'); }, ownKeys() { throw new Error('trap ran'); } });",
      "  const custom = { [inspect.custom]() { for (;;) {} }, get loud() { throw new Error('getter ran'); } };",
      "  const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key_number_${i}`, i]));",
      "  assert.deepStrictEqual({ a_trap: trap, b_custom: custom, long: 'x'.repeat(3000), ...many }, {});",
      '}',
    ].join('\n');
    const proposal = proposals.create({ feature: 'hostile values', code: 'export const hostile = true;\n', tests });
    const report = await proposals.sandbox(proposal.id);
    const own = report.checks.find((check) => check.name === 'proposal tests');
    expect(own?.ok).toBe(false);
    expect(own?.assertion?.expected).toBe('{}');
    const actual = own?.assertion?.actual ?? '';
    expect(actual).toContain('Proxy');
    expect(actual).toContain('[Getter]');
    expect(actual).not.toContain('trap ran');
    expect(actual).toMatch(/more characters cut\)$/);
    expect(actual.length).toBeLessThanOrEqual(2048);
  });

  test('a replace that drops exports the agent uses fails', async () => {
    const { proposals } = await service();
    const proposal = proposals.create({ feature: 'Slim knowledge_engine down', code: KE_STATUS, mode: 'replace' });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(failedChecks(report).map((check) => check.output).join('\n')).toMatch(/exports removed: .*count_facts/);
  });

  test('an endless loop after load is stopped by the time limit', async () => {
    const { proposals } = await service({ timeoutMs: 3000 });
    const proposal = proposals.create({ feature: 'spin', code: 'export const spin = true;\n', tests: 'export default async function () { await new Promise((r) => setImmediate(r)); for (;;) {} }\n' });
    const started = Date.now();
    const report = await proposals.sandbox(proposal.id);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.passed).toBe(false);
    expect(failedChecks(report).map((check) => check.output).join('\n')).toMatch(/Still running after 3000 ms/);
  });

  test('a memory bomb fails quickly on the memory cap', async () => {
    // A load time limit well above what filling 96 MB takes on a busy machine: the cap must be what stops it.
    const { proposals, engine } = await service({ memoryMb: 96 }, 10_000);
    const code = 'const hoard: number[][] = [];\nfor (let i = 0; i < 100000; i++) hoard.push(new Array(1_000_000).fill(i));\nexport const size = hoard.length;\n';
    const proposal = proposals.create({ feature: 'hoard', code });
    const started = Date.now();
    const report = await proposals.sandbox(proposal.id);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(report.passed).toBe(false);
    expect(failedChecks(report).map((check) => check.output).join('\n')).toMatch(/Ran out of memory/);
    expect(await engine.runtime.call('knowledge_engine' as never, 'count_facts', [])).toBe(0);
  });

  test.runIf(permissionFlag() !== null)('writing outside the sandbox folder is refused', async () => {
    const { proposals } = await service();
    const outside = path.join(tempDir(), 'escaped.txt');
    const code = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(outside)}, 'escaped');\nexport const wrote = true;\n`;
    const proposal = proposals.create({ feature: 'escape', code });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(failedChecks(report).map((check) => check.output).join('\n')).toMatch(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
    expect(existsSync(outside)).toBe(false);
  });

  test('no secrets reach proposal code', async () => {
    process.env['SARAPHINA_TEST_API_KEY'] = 'sk-should-not-leak';
    process.env['GITHUB_TOKEN'] = 'ghp-should-not-leak';
    try {
      const { proposals } = await service();
      const tests = [
        "import assert from 'node:assert/strict';",
        'export default function test() {',
        '  const names = Object.keys(process.env);',
        "  assert.deepEqual(names.filter((name) => /KEY|TOKEN|SECRET|PASSWORD/i.test(name)), []);",
        "  assert.ok(!JSON.stringify(process.env).includes('should-not-leak'));",
        "  assert.deepEqual(names.filter((name) => !['PATH', 'HOME', 'USERPROFILE', 'TMPDIR', 'NODE_ENV', 'ELECTRON_RUN_AS_NODE', 'PWD'].includes(name)), []);",
        '}',
      ].join('\n');
      const proposal = proposals.create({ feature: 'peek at the environment', code: 'export const peeked = true;\n', tests });
      const report = await proposals.sandbox(proposal.id);
      expect(failedChecks(report)).toEqual([]);
    } finally {
      delete process.env['SARAPHINA_TEST_API_KEY'];
      delete process.env['GITHUB_TOKEN'];
    }
    expect(Object.keys(scrubbedEnvironment('/tmp/h'))).not.toContain('GITHUB_TOKEN');
  });
});
