import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { sha256 } from '../../electron/runtime/compile';
import { ChangeJournal } from '../../electron/store/journal';
import { readModule, startEngine, writeModule } from '../support/engine';
import { copyDemoWorkspace, makeWorkspace } from '../support/temp-workspace';

const KE = 'knowledge_engine' as ModuleId;
const KE_STATUS = "export function ke_status(): string {\n  return 'ok';\n}\n";

async function demo() {
  const root = copyDemoWorkspace();
  const engine = await startEngine(root, { evalTimeoutMs: 500 });
  const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 20_000 } });
  const call = (module: string, fn: string, ...args: unknown[]) => engine.runtime.call(module as ModuleId, fn, args);
  return { root, engine, proposals, call };
}

describe('preview', () => {
  test('append adds the code after a separator comment; replace makes it the whole file', async () => {
    const { root, proposals } = await demo();
    const original = readModule(root, 'knowledge_engine');
    const proposal = proposals.create({ feature: "Add helper function ke_status() returning 'ok'", code: KE_STATUS });

    const append = proposals.preview(proposal.id);
    expect(append).toMatchObject({ module: 'knowledge_engine', mode: 'append', original, baseHash: sha256(original) });
    expect(append.result).toBe(`${original}\n// ---- ${proposal.id}: Add helper function ke_status() returning 'ok' ----\n${KE_STATUS}`);
    // What the reload will re-run: its importers call it through live bindings and keep running.
    expect(append.reruns).toEqual(expect.arrayContaining([expect.objectContaining({ module: 'reasoning', when: 'never', reason: expect.stringContaining('live bindings') })]));
    expect(append.warnings.join('\n')).not.toMatch(/removes exports/);

    const replace = proposals.preview(proposal.id, 'knowledge_engine', 'replace');
    expect(replace.result).toBe(KE_STATUS);
    const removed = replace.warnings.find((warning) => warning.includes('removes exports')) ?? '';
    expect(removed).toMatch(/count_facts \(used by [^)]*saraphina/);
    expect(removed).toMatch(/add_fact/);
    expect(replace.files?.[0]).toMatchObject({ module: 'knowledge_engine', added: 2 });
    expect(replace.files?.[0]?.removed).toBeGreaterThan(100);
  });

  test('unknown proposals and modules are one-line errors with a hint', async () => {
    const { proposals } = await demo();
    expect(() => proposals.get('proposal_nope')).toThrow(expect.objectContaining({ code: 'PROPOSAL_NOT_FOUND', hint: expect.any(String) }));
    const proposal = proposals.create({ feature: 'x', code: KE_STATUS });
    expect(() => proposals.preview(proposal.id, 'nope')).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
    expect(() => proposals.preview(proposal.id, '../../etc/passwd')).toThrow(expect.objectContaining({ code: 'OUTSIDE_WORKSPACE' }));
    expect(() => proposals.create({ feature: 'x', code: KE_STATUS, target: 'nope' })).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
  });
});

describe('approval', () => {
  test('pins the code hash: changing the code sends the proposal back to draft', async () => {
    const { proposals } = await demo();
    const proposal = proposals.create({ feature: 'Add ke_status', code: KE_STATUS });
    expect(() => proposals.approve(proposal.id)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    await proposals.sandbox(proposal.id);
    const approved = proposals.approve(proposal.id, { by: 'tester' });
    expect(approved).toMatchObject({ status: 'approved', approval: { codeHash: proposal.codeHash, forced: false, by: 'tester' } });

    const edited = proposals.updateCode(proposal.id, KE_STATUS.replace("'ok'", "'fine'"));
    expect(edited).toMatchObject({ status: 'draft', approval: null });
    expect(edited.codeHash).not.toBe(proposal.codeHash);
    const preview = proposals.preview(proposal.id);
    const refused = await proposals.apply(proposal.id, 'knowledge_engine', 'append', preview.baseHash);
    expect(refused).toMatchObject({ outcome: 'refused', error: { code: 'NOT_APPROVED' } });
  });

  test('a failed sandbox blocks approval unless forced, and forcing is recorded', async () => {
    const { proposals } = await demo();
    const proposal = proposals.create({ feature: 'broken', code: 'export function broken( {\n' });
    await proposals.sandbox(proposal.id);
    expect(() => proposals.approve(proposal.id)).toThrow(expect.objectContaining({ code: 'SANDBOX_FAILED' }));
    expect(proposals.approve(proposal.id, { force: true }).approval).toMatchObject({ forced: true });
    expect(proposals.reject(proposal.id).status).toBe('rejected');
    expect(() => proposals.approve(proposal.id)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });

  test('feature text is kept exactly as typed', async () => {
    const { proposals } = await demo();
    const feature = '  Add KE_Status() — Returning "OK"  ';
    expect(proposals.create({ feature, code: KE_STATUS }).feature).toBe(feature);
    expect(proposals.list()[0]?.feature).toBe(feature);
  });
});

describe('apply', () => {
  async function approved(proposals: ProposalService, input: Parameters<ProposalService['create']>[0], force = false) {
    const proposal = proposals.create(input);
    if (!force) {
      const report = await proposals.sandbox(proposal.id);
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    }
    return proposals.approve(proposal.id, { force });
  }

  test('success: checkpoint, atomic write, hot reload, checks, stable; facts kept; proposal applied', async () => {
    const { root, engine, proposals, call } = await demo();
    await call('knowledge_engine', 'add_fact', 'Paris is the capital of France');
    const proposal = await approved(proposals, { feature: 'Add ke_status', code: KE_STATUS });
    const preview = proposals.preview(proposal.id);

    const result = await proposals.apply(proposal.id, 'knowledge_engine', 'append', preview.baseHash);

    expect(result).toMatchObject({ outcome: 'applied', module: 'knowledge_engine', oldHash: preview.baseHash, newHash: sha256(preview.result) });
    expect(result.steps.map((step) => [step.name, step.ok])).toEqual([
      ['checkpoint', true],
      ['write', true],
      ['reload', true],
      ['checks', true],
      ['stable', true],
    ]);
    expect(readModule(root, 'knowledge_engine')).toBe(preview.result);
    expect(await call('knowledge_engine', 'ke_status')).toBe('ok');
    expect(await call('knowledge_engine', 'count_facts')).toBe(1);
    expect(proposals.get(proposal.id)).toMatchObject({ status: 'applied', appliedVersionId: result.versionId });
    const version = engine.versions.require(result.versionId as string);
    expect(version).toMatchObject({ proposalId: proposal.id, hash: result.newHash });
    expect(engine.versions.current(KE)?.versionId).toBe(result.versionId);
    const history = engine.rollback.getVersionHistory('knowledge_engine', 5);
    expect(history[1]).toMatchObject({ state: 'checkpoint', proposalId: proposal.id, hash: preview.baseHash });
    expect(engine.reloads.getReloadHistory(1, KE)[0]).toMatchObject({ outcome: 'reloaded', newHash: result.newHash });
    expect(proposals.applyAttempts(proposal.id)).toHaveLength(1);
  });

  test('refuses when the file changed since the preview, and writes nothing', async () => {
    const { root, proposals } = await demo();
    const proposal = await approved(proposals, { feature: 'Add ke_status', code: KE_STATUS });
    const preview = proposals.preview(proposal.id);
    const edited = `${readModule(root, 'knowledge_engine')}\n// edited meanwhile\n`;
    writeModule(root, 'knowledge_engine', edited);

    const result = await proposals.apply(proposal.id, 'knowledge_engine', 'append', preview.baseHash);

    expect(result).toMatchObject({ outcome: 'refused', steps: [], error: { code: 'STALE_BASE' } });
    expect(result.error?.message).toMatch(/knowledge_engine\.ts changed since the preview/);
    expect(readModule(root, 'knowledge_engine')).toBe(edited);
    expect(proposals.get(proposal.id).status).toBe('approved');
  });

  const forcedBad: [string, string, 'append' | 'replace', RegExp][] = [
    ['a syntax error', 'export function broken( {\n', 'append', /does not compile.*knowledge_engine\.ts:\d+:\d+/],
    ['a throw at load', "throw new Error('boom at load');\n", 'append', /boom at load/],
    ['an endless loop at load', 'while (true) {}\n', 'append', /did not finish loading/],
    ['a replace that drops used exports', KE_STATUS, 'replace', /exports removed: .*count_facts/],
  ];
  test.each(forcedBad)('forced %s ends rolled back: file byte-identical, previous code serving, facts intact', async (_what, code, mode, message) => {
    const { root, engine, proposals, call } = await demo();
    await call('knowledge_engine', 'add_fact', 'Water boils at 100 degrees');
    const before = readModule(root, 'knowledge_engine');
    const servingBefore = engine.runtime.current(KE)?.compiled.hash;
    const headBefore = engine.versions.current(KE)?.versionId;
    const proposal = await approved(proposals, { feature: 'bad', code, mode }, true);
    const preview = proposals.preview(proposal.id);

    // Past the type-check gate on purpose (it would refuse two of these before writing): this is about the rollback.
    const result = await proposals.apply(proposal.id, 'knowledge_engine', mode, preview.baseHash, { allowTypeErrors: true });

    expect(result.outcome).toBe('rolled_back');
    expect(result.error?.message).toMatch(message);
    if (!/loop/.test(_what)) expect(result.error?.location).toMatch(/^knowledge_engine(\.smoke)?\.ts:\d+:\d+$/);
    expect(result.error?.restoredVersionId).toBe(headBefore);
    expect(result.steps.at(-1)).toMatchObject({ name: 'rollback', ok: true });
    expect(readModule(root, 'knowledge_engine')).toBe(before);
    expect(engine.runtime.current(KE)?.compiled.hash).toBe(servingBefore);
    expect(await call('knowledge_engine', 'count_facts')).toBe(1);
    expect(await call('saraphina', 'ask', 'What boils at 100 degrees?')).toMatch(/Water/);
    expect(engine.versions.require(result.versionId as string).hash).toBe(sha256(preview.result));
    expect(engine.versions.current(KE)?.versionId).toBe(headBefore);
    expect(proposals.get(proposal.id)).toMatchObject({ status: 'approved', appliedVersionId: result.versionId });
    expect(engine.db.prepare('SELECT COUNT(*) FROM journal').pluck().get()).toBe(0);
  });

  test('an apply interrupted after its write (the app died) is undone at the next start', async () => {
    const { root, engine, proposals } = await demo();
    const before = readModule(root, 'knowledge_engine');
    const proposal = await approved(proposals, { feature: 'Add ke_status', code: KE_STATUS });
    const preview = proposals.preview(proposal.id);
    // What the transaction has done when a crash hits between the write and the reload.
    new ChangeJournal(engine.db).open('apply', KE, { previousHash: preview.baseHash, newHash: sha256(preview.result), proposalId: proposal.id });
    writeModule(root, 'knowledge_engine', preview.result);
    engine.closeNow();

    const reopened = await startEngine(root);

    expect(reopened.recovered).toEqual([{ module: 'knowledge_engine', cause: 'interrupted change', reverted: true }]);
    expect(readModule(root, 'knowledge_engine')).toBe(before);
    expect(Object.keys(reopened.runtime.current(KE)?.exports ?? {})).not.toContain('ke_status');
    expect(new ProposalService(reopened).get(proposal.id).status).toBe('approved');
  });

  test('a proposal for several modules is applied all or nothing', async () => {
    const root = makeWorkspace({
      base: 'export function greet(): string { return "hi"; }\n',
      user: 'import { greet } from "./base";\nexport const shout = () => greet().toUpperCase();\n',
    });
    const engine = await startEngine(root);
    const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 20_000 } });
    const good = ['// @target base', 'export function farewell(): string { return "bye"; }', '// @target user', 'export const wave = () => "o/";', ''].join('\n');
    const proposal = proposals.create({ feature: 'Add farewell and wave', code: good });
    expect(proposal.targets.map((target) => [target.module, target.reason])).toEqual([['base', 'annotation'], ['user', 'annotation']]);
    expect((await proposals.sandbox(proposal.id)).passed).toBe(true);
    proposals.approve(proposal.id);
    const preview = proposals.preview(proposal.id);
    expect(preview.files?.map((file) => file.module)).toEqual(['base', 'user']);
    const applied = await proposals.apply(proposal.id, 'base', 'append', preview.baseHash);
    expect(applied.outcome).toBe('applied');
    expect(await engine.runtime.call('user' as ModuleId, 'wave', [])).toBe('o/');
    expect(await engine.runtime.call('base' as ModuleId, 'farewell', [])).toBe('bye');

    const before = { base: readModule(root, 'base'), user: readModule(root, 'user') };
    const broken = ['// @target base', 'export const fine = 1;', '// @target user', "throw new Error('user breaks');", ''].join('\n');
    const bad = proposals.create({ feature: 'half good', code: broken });
    proposals.approve(bad.id, { force: true });
    const badPreview = proposals.preview(bad.id);
    const result = await proposals.apply(bad.id, 'base', 'append', badPreview.baseHash);
    expect(result.outcome).toBe('rolled_back');
    expect(result.error?.message).toMatch(/user breaks/);
    expect(readModule(root, 'base')).toBe(before.base);
    expect(readModule(root, 'user')).toBe(before.user);
    expect(Object.keys(engine.runtime.current('base' as ModuleId)?.exports ?? {})).not.toContain('fine');
    expect(engine.runtime.current('base' as ModuleId)?.compiled.hash).toBe(sha256(before.base));
    expect(engine.rollback.getVersionHistory('base', 1)[0]).toMatchObject({ state: 'restored' });
    expect(result.modules?.map((module) => module.module)).toEqual(['base', 'user']);
  });
});
