import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { SessionDriver } from '../support/session-driver';
import { copyDemoWorkspace, makeWorkspace } from '../support/temp-workspace';

const sessions: SessionDriver[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
});

function start(root: string): SessionDriver {
  const session = new SessionDriver(root);
  sessions.push(session);
  return session;
}

interface Reload {
  outcome: string;
  newHash: string;
  error?: { message: string };
}
interface Point {
  versionId: string;
  module: string;
  state: string;
  reason: string;
}

test('the acceptance session: live reloads, refused bad edits, rollback, restart, probation kill', { timeout: 120_000 }, async () => {
  const root = copyDemoWorkspace();
  const file = path.join(root, 'src', 'knowledge_engine.ts');
  const original = readFileSync(file, 'utf8');
  const withHelper = (value: string) => `${original}\nexport function ke_status(): string {\n  return '${value}';\n}\n`;
  const session = start(root);

  await session.ok('/call knowledge_engine.add_fact "Paris is the capital of France"');
  writeFileSync(file, withHelper('ok'));
  const reload = await session.ok<Reload>('/reload knowledge_engine --probation 0');
  expect(reload.outcome).toBe('reloaded');
  expect(await session.ok('/call knowledge_engine.ke_status')).toBe('ok');
  expect(await session.ok('/call knowledge_engine.count_facts')).toBe(1);

  writeFileSync(path.join(root, 'src', 'status_report.ts'), "import { ke_status } from './knowledge_engine';\nexport const report = () => `status: ${ke_status()}`;\n");
  await session.ok('/load status_report');
  expect(await session.ok('/call status_report.report')).toBe('status: ok');
  writeFileSync(file, withHelper('ok v2'));
  expect((await session.ok<Reload>('/reload knowledge_engine --probation 0')).outcome).toBe('reloaded');
  expect(await session.ok('/call status_report.report')).toBe('status: ok v2');

  const bad = [
    `${withHelper('x')}\nthrow new Error('boom at load');\n`,
    `${withHelper('x')}\nexport function broken( {\n`,
    withHelper('x').replace('export function count_facts', 'function count_facts'),
    `${withHelper('x')}\nwhile (true) {}\n`,
  ];
  for (const edit of bad) {
    writeFileSync(file, edit);
    // Past the type-check gate on purpose (it refuses the dropped export first): the checks after it refuse each one too.
    const failed = await session.ok<Reload>('/reload knowledge_engine --allow-type-errors');
    expect(failed.outcome).toBe('failed');
    expect(await session.ok('/call knowledge_engine.ke_status')).toBe('ok v2');
    expect(await session.ok('/call knowledge_engine.count_facts')).toBe(1);
  }

  const points = await session.ok<Point[]>('/rollback');
  const first = points.filter((point) => point.module === 'knowledge_engine').at(-1);
  expect(first).toMatchObject({ state: 'stable', reason: 'first recorded version' });
  const refusedWithoutYes = await session.send(`/rollback ${first?.versionId}`);
  expect(refusedWithoutYes).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  // The first version never had ke_status, which status_report now imports: the type-check gate says so.
  const refusedByTypes = await session.send(`/rollback ${first?.versionId} --yes`);
  expect(refusedByTypes).toMatchObject({ ok: false, error: { code: 'TYPE_ERRORS', details: [expect.stringMatching(/^src\/status_report\.ts:1:\d+ TS2305 /)] } });
  expect(readFileSync(file, 'utf8')).toBe(bad.at(-1));
  await session.ok(`/rollback ${first?.versionId} --yes --allow-type-errors`);
  expect(readFileSync(file, 'utf8')).toBe(original);
  expect(await session.ok('/call knowledge_engine.count_facts')).toBe(1);

  expect(await session.send('/reload ../../x')).toMatchObject({ ok: false, error: { code: 'RELOAD_REFUSED' } });
  expect(await session.end()).toBe(0);

  const restarted = start(root);
  const after = await restarted.ok<Point[]>('/rollback');
  expect(after.map((point) => point.versionId)).toEqual(expect.arrayContaining(points.map((point) => point.versionId)));

  writeFileSync(file, withHelper('on probation'));
  expect((await restarted.ok<Reload>('/reload knowledge_engine --probation 600000')).outcome).toBe('reloaded');
  await restarted.kill();

  const recovered = start(root);
  const audit = await recovered.ok<{ versions: Point[] }>('/audit-code knowledge_engine');
  expect(readFileSync(file, 'utf8')).toBe(original);
  expect(audit.versions[0]).toMatchObject({ state: 'restored' });
  expect(audit.versions[0]?.reason).toMatch(/crash recovery \(on probation\)/);
  await expect(recovered.ok('/call knowledge_engine.ke_status')).rejects.toThrow(/NOT_A_FUNCTION/);
});

test('session --watch reloads a module when its file is saved; a bad save keeps the old code', async () => {
  const root = copyDemoWorkspace();
  const file = path.join(root, 'src', 'knowledge_engine.ts');
  const original = readFileSync(file, 'utf8');
  const watcher = new SessionDriver(root, ['--watch']);
  sessions.push(watcher);
  await watcher.ok('/modules');
  const waitFor = async (pattern: RegExp) => {
    // The first save also starts the type-check worker (TypeScript and its libs load once): allow for it.
    for (let tries = 0; tries < 800 && !pattern.test(watcher.stderr); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(watcher.stderr).toMatch(pattern);
  };

  writeFileSync(file, `${original}\nexport const watched = () => 'saved';\n`);
  await waitFor(/watch: reloaded knowledge_engine/);
  expect(await watcher.ok('/call knowledge_engine.watched')).toBe('saved');

  writeFileSync(file, `${original}\nexport const watched = () => { throw new Error('x') ;\n`);
  await waitFor(/watch: failed knowledge_engine/);
  expect(await watcher.ok('/call knowledge_engine.watched')).toBe('saved');
});

test('the session prints one line when the late calls of a reload are given up', { timeout: 120_000 }, async () => {
  // `starter` calls slow.wait() at load, through the live binding: a call on slow's version that never settles.
  const root = makeWorkspace({
    slow: "export function wait(): Promise<string> { return new Promise(() => {}); }\nexport const label = (): string => 'v1';\n",
    starter: "import { wait } from './slow';\nvoid wait();\nexport const started = (): boolean => true;\n",
  });
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ drainTimeoutMs: 100, typeCheck: false, entry: ['starter'] }));
  const session = start(root);
  expect(await session.ok('/call starter.started')).toBe(true);
  writeFileSync(path.join(root, 'modules', 'slow.ts'), "export function wait(): Promise<string> { return new Promise(() => {}); }\nexport const label = (): string => 'v2';\n");
  const reload = await session.ok<Reload & { lateCalls?: { count: number } }>('/reload slow --probation 0');
  expect(reload.lateCalls?.count).toBe(1);
  for (let attempt = 0; attempt < 600 && !session.stderr.includes('given up on the replaced version'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(session.stderr).toMatch(/^slow [0-9a-f]{8}: 1 late call given up on the replaced version: wait \(its caller got CALL_ABANDONED\)$/m);
  expect(await session.ok('/call slow.label')).toBe('v2');
  // starter never awaited the call: its rejection is a background error of the replaced version, not the end of the agent.
  const errors = await session.ok<{ kind: string; message: string; hash: string }[]>('/errors slow');
  expect(errors).toEqual([expect.objectContaining({ kind: 'unhandled rejection', message: expect.stringContaining('slow.wait was still running on a replaced version') })]);
  expect(errors[0]?.hash).not.toBe(reload.newHash);
  expect(session.stderr).not.toMatch(/agent stopped/);
});
