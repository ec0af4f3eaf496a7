import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { forwardPanelEvents } from '../../electron/services/panel-events';
import { createPanelHandlers } from '../../electron/services/panel-handlers';
import { createClient } from '../../shared/contract/client';
import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService, type ConsoleAnswer } from '../../shared/contract/panel';
import { startServices } from '../support/app-services';
import { readModule, writeModule } from '../support/engine';
import { makeWorkspace } from '../support/temp-workspace';

const V1 = 'export function hi(n: number): number { return n + 1; }\n';
const V2 = 'export function hi(n: number): number { return n + 2; }\n';
const USER = "import { hi } from './a';\nexport function twice(n: number): number { return hi(hi(n)); }\n";

async function setup() {
  const root = makeWorkspace({ a: V1, b: USER });
  writeFileSync(path.join(root, 'saraphina.config.json'), '{ "probationMs": 0 }');
  const services = await startServices(root);
  const dispatcher = createDispatcher(panelService, createPanelHandlers(services, '1.2.3'));
  const client = createClient(panelService, { invoke: (method, input) => dispatcher({ method, input }), onEvent: () => () => undefined });
  const events: [string, unknown][] = [];
  const stop = forwardPanelEvents(services, (event, payload) => events.push([event, payload]));
  return { root, services, client, events, stop };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('modules', () => {
  test('the list says how each module is doing, with its current version', async () => {
    const { client } = await setup();
    const modules = await client.listModules({});
    expect(modules.map((module) => [module.id, module.health, module.dependents])).toEqual([
      ['a', 'stable', ['b']],
      ['b', 'stable', []],
    ]);
    expect(modules[0]?.currentVersionId).toMatch(/^v_/);
    expect((await client.moduleSource({ module: 'a' })).content).toBe(V1);
  });

  test('a failed reload shows on the module until a good one', async () => {
    const { root, services, client } = await setup();
    writeModule(root, 'a', 'export function hi(n: number): number { throw new Error("nope"); }\nhi(1);\n');
    await services.engine.reloads.hotReloadModule('a');
    const failed = (await client.listModules({})).find((module) => module.id === 'a');
    expect(failed?.health).toBe('reload_failed');
    expect(failed?.lastReload?.error?.message).toBeTruthy();
    writeModule(root, 'a', V2);
    await services.engine.reloads.hotReloadModule('a');
    expect((await client.listModules({})).find((module) => module.id === 'a')?.health).toBe('stable');
  });
});

describe('versions and rollback', () => {
  test('rollback from the contract restores the file and adds a restored entry; nothing is rewritten', async () => {
    const { root, services, client, events } = await setup();
    writeModule(root, 'a', V2);
    await services.engine.reloads.hotReloadModule('a', { reason: 'edit' });
    const before = await client.listVersions({ module: 'a' });
    const [applied, baseline] = before;
    expect(applied?.reason).toBe('edit');
    const detail = await client.versionDetail({ versionId: applied?.versionId ?? '' });
    expect([detail.content, detail.previousContent, detail.previous?.versionId]).toEqual([V2, V1, baseline?.versionId]);

    events.length = 0;
    const outcome = await client.rollbackToVersion({ versionId: baseline?.versionId ?? '' });
    expect(readModule(root, 'a')).toBe(V1);
    expect(outcome.restoredFrom).toBe(baseline?.versionId);
    const after = await client.listVersions({ module: 'a' });
    const facts = (list: typeof before) => list.map(({ versionId, hash, reason, createdAt }) => ({ versionId, hash, reason, createdAt }));
    expect(facts(after.slice(after.length - before.length))).toEqual(facts(before));
    expect(after[0]).toMatchObject({ state: 'restored', restoredFrom: baseline?.versionId });
    // The module list is throttled (at most four a second): it may come a little after the others.
    await vi.waitFor(() => expect(events.map(([name]) => name)).toEqual(expect.arrayContaining(['changeStarted', 'changeFinished', 'rolledBack', 'historyChanged', 'modulesChanged'])), { timeout: 5_000 });
    const added = events
      .filter(([name]) => name === 'historyChanged')
      .flatMap(([, payload]) => (payload as { added: { state: string }[] }).added.map((version) => version.state));
    expect(added).toEqual(['pre_rollback', 'restored']);
  });

  test('reload history lists attempts with phases, for one module or all', async () => {
    const { root, services, client, events } = await setup();
    writeModule(root, 'a', V2);
    await services.engine.reloads.hotReloadModule('a');
    const reloads = await client.listReloads({ module: 'a' });
    expect(reloads[0]).toMatchObject({ module: 'a', outcome: 'reloaded' });
    expect(Object.keys(reloads[0]?.phases ?? {})).toContain('compile');
    expect(await client.listReloads({ module: 'b' })).toEqual([]);
    expect(events.find(([name]) => name === 'reloadFinished')?.[1]).toMatchObject({ module: 'a', outcome: 'reloaded' });
  });

  test('each version says how many lines it added and removed against the entry before it', async () => {
    const { root, services, client } = await setup();
    const V3 = `${V2}export const extra = 1;\nexport const more = 2;\n`;
    writeModule(root, 'a', V2);
    await services.engine.reloads.hotReloadModule('a');
    writeModule(root, 'a', V3);
    await services.engine.reloads.hotReloadModule('a');
    const [third, second, first] = await client.listVersions({ module: 'a' });
    const ids = [third, second, first].map((version) => version?.versionId ?? '');
    const changes = await client.versionLineChanges({ versionIds: [...ids, 'v_unknown'] });
    expect(changes).toEqual({
      [ids[0] ?? '']: { added: 2, removed: 0 },
      [ids[1] ?? '']: { added: 1, removed: 1 },
      // The first recorded version: all its lines are new.
      [ids[2] ?? '']: { added: 1, removed: 0 },
    });
    // Asked again (a reconnect, another panel): the same answer, from what was counted.
    expect(await client.versionLineChanges({ versionIds: ids })).toEqual(changes);
    await expect(client.versionLineChanges({ versionIds: Array.from({ length: 1_001 }, () => 'v_x') })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  test('auto-reload is off until the panel turns it on; a saved file is then reloaded and told as an event', async () => {
    const { root, client, events } = await setup();
    expect(await client.autoReloadState({})).toEqual({ enabled: false, problem: null });
    expect(await client.setAutoReload({ enabled: true })).toEqual({ enabled: true, problem: null });
    expect(events.filter(([name]) => name === 'autoReloadChanged').map(([, payload]) => payload)).toEqual([{ enabled: true, problem: null }]);
    writeModule(root, 'a', V2);
    for (let tries = 0; tries < 400 && !events.some(([name, payload]) => name === 'autoReloaded' && (payload as { phase: string }).phase === 'finished'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const told = events.filter(([name]) => name === 'autoReloaded').map(([, payload]) => payload);
    expect(told).toMatchObject([{ phase: 'started', module: 'a' }, { phase: 'finished', module: 'a', record: { outcome: 'reloaded' } }]);
    expect(await client.callFunction({ module: 'b', fn: 'twice', args: [1] })).toBe(5);
  });

  test('unknown versions and bad ids are plain errors', async () => {
    const { client } = await setup();
    await expect(client.versionDetail({ versionId: 'v_nope' })).rejects.toMatchObject({ code: 'MODULE_NOT_FOUND' });
    await expect(client.listVersions({ module: '../etc' })).rejects.toMatchObject({ code: 'OUTSIDE_WORKSPACE' });
    // A module's background errors: none for a real module, a typo is refused with the way out.
    expect(await client.listBackgroundErrors({ module: 'a' })).toEqual([]);
    await expect(client.listBackgroundErrors({ module: 'nosuch' })).rejects.toMatchObject({ code: 'MODULE_NOT_FOUND', hint: expect.stringContaining('/modules') });
  });
});

describe('console', () => {
  test('runs commands and plain-language triggers through the session interpreter', async () => {
    const { client } = await setup();
    const modules = await client.consoleExecute({ line: '/modules' });
    expect(modules).toMatchObject({ kind: 'done', ok: true, command: '/modules' });
    expect((modules as { text: string }).text).toContain('a');
    expect(await client.consoleExecute({ line: 'list modules' })).toMatchObject({ kind: 'done', ok: true, command: '/modules' });
    expect(await client.consoleExecute({ line: 'call b.twice 1' })).toMatchObject({ ok: true, command: '/call b.twice 1', result: 3 });
    expect(await client.consoleExecute({ line: 'make it faster' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  test('a question is asked in the panel, and the answer lets the command go on', async () => {
    const { root, services, client } = await setup();
    writeModule(root, 'a', V2);
    await services.engine.reloads.hotReloadModule('a');
    const asked = await client.consoleExecute({ line: 'roll back a' });
    expect(asked).toMatchObject({ kind: 'question', flag: '--yes', defaultAnswer: 'no' });
    expect(readModule(root, 'a')).toBe(V2);
    const questionId = (asked as Extract<ConsoleAnswer, { kind: 'question' }>).questionId;
    const done = await client.consoleAnswer({ questionId, answer: 'yes' });
    expect(done).toMatchObject({ kind: 'done', ok: true });
    expect(readModule(root, 'a')).toBe(V1);
    await expect(client.consoleAnswer({ questionId, answer: 'yes' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  test('the default answer (no) and a new command both leave the file alone', async () => {
    const { root, services, client } = await setup();
    writeModule(root, 'a', V2);
    await services.engine.reloads.hotReloadModule('a');
    const first = (await client.consoleExecute({ line: 'roll back a' })) as Extract<ConsoleAnswer, { kind: 'question' }>;
    expect(await client.consoleAnswer({ questionId: first.questionId, answer: '' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('cancelled') },
    });
    await client.consoleExecute({ line: 'roll back a' });
    expect(await client.consoleExecute({ line: '/modules' })).toMatchObject({ ok: true });
    expect(readModule(root, 'a')).toBe(V2);
  });

  test('a command with several questions (/apply-code) asks them one after the other', async () => {
    const { root, client } = await setup();
    const proposal = await client.createProposal({ feature: 'Add bye()', code: 'export const bye = 1;\n', target: 'a' });
    await client.sandboxProposal({ id: proposal.id });
    await client.approveProposal({ id: proposal.id });
    const asked: string[] = [];
    let answer = await client.consoleExecute({ line: `/apply-code ${proposal.id}` });
    for (const reply of ['', 'append', 'yes']) {
      if (answer.kind !== 'question') break;
      asked.push(answer.question);
      answer = await client.consoleAnswer({ questionId: answer.questionId, answer: reply });
    }
    expect(asked).toHaveLength(3);
    expect(asked[0]).toContain('Target module');
    expect(answer).toMatchObject({ kind: 'done', ok: true });
    expect(readModule(root, 'a')).toContain('export const bye = 1;');
  });

  test('completes commands, module ids, functions, version ids and phrases', async () => {
    const { client, services } = await setup();
    expect((await client.consoleComplete({ line: '/rel' })).candidates).toEqual(['/reload']);
    expect((await client.consoleComplete({ line: '/re' })).candidates).toEqual(['/reload', '/reject-code']);
    expect(await client.consoleComplete({ line: '/history ' })).toEqual({ from: 9, candidates: ['a', 'b'] });
    expect((await client.consoleComplete({ line: '/call b.' })).candidates).toEqual(['b.twice']);
    const [version] = services.engine.versions.history(null, 1);
    expect((await client.consoleComplete({ line: '/rollback v_' })).candidates).toContain(version?.versionId);
    expect((await client.consoleComplete({ line: 'rel' })).candidates).toEqual(['reload <module>']);
  });
});

describe('proposals', () => {
  test('create, sandbox, approve, preview and apply in append mode through the contract; events follow', async () => {
    const { root, client, events } = await setup();
    const code = 'export function bye(): string {\n  return "bye";\n}\n';
    const proposal = await client.createProposal({ feature: 'Add bye()', code, target: 'a' });
    expect(proposal).toMatchObject({ status: 'draft', targets: [{ module: 'a', reason: 'chosen' }] });
    const report = await client.sandboxProposal({ id: proposal.id });
    expect(report.passed).toBe(true);
    expect(await client.approveProposal({ id: proposal.id })).toMatchObject({ status: 'approved', approval: { by: 'panel' } });
    const preview = await client.previewApply({ id: proposal.id, module: 'a', mode: 'append' });
    expect(preview.original).toBe(V1);
    const result = await client.applyProposal({ id: proposal.id, module: 'a', mode: 'append', baseHash: preview.baseHash });
    expect(result.outcome).toBe('applied');
    expect(readModule(root, 'a')).toBe(preview.result);
    expect((await client.listProposals({}))[0]).toMatchObject({ id: proposal.id, status: 'applied' });
    expect(await client.proposalApplies({ id: proposal.id })).toHaveLength(1);
    await settle();
    expect(events.filter(([name]) => name === 'proposalChanged').length).toBeGreaterThanOrEqual(4);
    expect(events.some(([name, payload]) => name === 'changeStarted' && (payload as { change: string }).change === 'apply')).toBe(true);
  });

  test('a stale preview is refused and nothing is written; no model means a plain error', async () => {
    const { root, client } = await setup();
    const proposal = await client.createProposal({ feature: 'Add bye()', code: 'export const bye = 1;\n', target: 'a' });
    await client.sandboxProposal({ id: proposal.id });
    await client.approveProposal({ id: proposal.id });
    const preview = await client.previewApply({ id: proposal.id });
    writeModule(root, 'a', V2);
    const refused = await client.applyProposal({ id: proposal.id, module: 'a', mode: 'append', baseHash: preview.baseHash });
    expect(refused).toMatchObject({ outcome: 'refused', error: { code: 'STALE_BASE' } });
    expect(readModule(root, 'a')).toBe(V2);
    expect((await client.workspaceInfo({})).model).toBeNull();
    await expect(client.generateProposal({ feature: 'anything' })).rejects.toMatchObject({ code: 'MODEL_NOT_CONFIGURED' });
  });
});
