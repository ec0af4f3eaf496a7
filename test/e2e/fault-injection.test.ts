import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openEngine } from '../../electron/engine/open-engine';
import { sha256 } from '../../electron/runtime/compile';
import type { ModuleId } from '../../shared/ids';
import { agentPidOf } from '../support/agent-pid';
import { SessionDriver } from '../support/session-driver';
import { copyDemoWorkspace } from '../support/temp-workspace';

/*
 * Kills a real process (SIGKILL, no cleanup) at each step of a reload and of a rollback — the
 * agent process, where the change runs, and separately the control process (`session`) that
 * supervises it — then restarts and checks what a user depends on: the module file holds the old
 * or the new content, never a mix; the database passes integrity_check; history is consistent.
 */

const KE = 'knowledge_engine' as ModuleId;
/** Which process dies at the point: the agent (the session lives on and restarts it) or the control process. */
const VICTIMS = ['agent', 'control'] as const;
type Victim = (typeof VICTIMS)[number];
const RELOAD_POINTS = ['reload:journal-opened', 'reload:checked', 'reload:swapped', 'reload:post-checked', 'reload:version-recorded', 'reload:journal-closed'];
const ROLLBACK_POINTS = ['rollback:backup-recorded', 'rollback:journal-opened', 'write:before-rename', 'rollback:written', 'rollback:reloaded', 'rollback:restored-recorded', 'rollback:journal-closed'];

const sessions: SessionDriver[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
});

function session(root: string, env: NodeJS.ProcessEnv = {}): SessionDriver {
  const driver = new SessionDriver(root, [], env);
  sessions.push(driver);
  return driver;
}

function moduleFile(root: string): string {
  return path.join(root, 'src', `${KE}.ts`);
}

/** Sends `line` to a session whose agent or control process must die at `point` before answering. */
async function killAt(root: string, point: string, line: string, victim: Victim, meanwhile: () => void = () => undefined): Promise<void> {
  const doomed = session(root, { SARAPHINA_FAULT_AT: point, ...(victim === 'control' ? { SARAPHINA_FAULT_KILL: 'parent' } : {}) });
  await doomed.ok('/modules');
  meanwhile();
  if (victim === 'agent') {
    // The session outlives its agent: the line fails with the reason, the restarted agent answers the next.
    expect(await doomed.send(line)).toMatchObject({ ok: false, error: { code: 'AGENT_STOPPED', message: expect.stringMatching(/killed by SIGKILL/) } });
    await doomed.ok('/modules');
    expect(await doomed.end()).toBe(0);
    return;
  }
  doomed.child.stdin.write(`${line}\n`);
  expect(await doomed.exited(), `the session should have died at ${point}`).toBe('SIGKILL');
  await agentGone(root);
}

/** The orphaned agent finishes its change and stops once its control process is gone: wait for the workspace lock. */
async function agentGone(root: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const engine = await openEngine(root);
      await engine.close();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'WORKSPACE_BUSY' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Restarts on the workspace (crash recovery runs) and checks every invariant. */
async function expectConsistent(root: string, allowed: readonly string[]): Promise<string> {
  const engine = await openEngine(root);
  try {
    const content = readFileSync(moduleFile(root), 'utf8');
    expect(allowed.map(sha256)).toContain(sha256(content));
    expect(engine.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(engine.db.prepare('SELECT COUNT(*) FROM journal').pluck().get()).toBe(0);
    expect(engine.versions.current(KE)?.hash).toBe(sha256(content));
    expect(engine.runtime.current(KE)?.compiled.hash).toBe(sha256(content));
    for (const version of engine.versions.history(null, 10_000)) {
      expect(sha256(engine.versions.content(version.hash))).toBe(version.hash);
    }
    expect(engine.versions.onProbation()).toEqual([]);
    expect(readdirSync(path.join(root, 'src')).filter((name) => name.includes('saraphina-tmp'))).toEqual([]);
    return content;
  } finally {
    await engine.close();
  }
}

describe('crash at every step', () => {
  test.each(RELOAD_POINTS.flatMap((point) => VICTIMS.map((victim) => [point, victim] as const)))(
    'reload killed at %s (%s process): file old or new, db intact, history consistent, edit kept',
    async (point, victim) => {
      const root = copyDemoWorkspace();
      const original = readFileSync(moduleFile(root), 'utf8');
      const edited = `${original}\nexport function ke_status(): string {\n  return 'ok';\n}\n`;
      // The session starts on the original; the user saves an edit while it runs, then reloads.
      await killAt(root, point, '/reload knowledge_engine --probation 0', victim, () => writeFileSync(moduleFile(root), edited));
      const after = await expectConsistent(root, [original, edited]);

      const engine = await openEngine(root);
      try {
        const kept = engine.versions.history(KE, 100).some((version) => version.hash === sha256(edited));
        expect(kept || after === edited).toBe(true);
      } finally {
        await engine.close();
      }
    },
  );

  test.each(ROLLBACK_POINTS.flatMap((point) => VICTIMS.map((victim) => [point, victim] as const)))(
    'rollback killed at %s (%s process): file old or new, db intact, history consistent',
    async (point, victim) => {
      const root = copyDemoWorkspace();
      const original = readFileSync(moduleFile(root), 'utf8');
      const edited = `${original}\nexport const marker = 'v2';\n`;
      const setup = session(root);
      const first = (await setup.ok<{ versionId: string; module: string }[]>('/history knowledge_engine')).at(-1);
      writeFileSync(moduleFile(root), edited);
      await setup.ok('/reload knowledge_engine --probation 0');
      await setup.end();

      await killAt(root, point, `/rollback ${first?.versionId} --yes`, victim);
      await expectConsistent(root, [original, edited]);
    },
  );
});

test('kills at random moments during a reload-and-rollback script leave a consistent workspace', async () => {
  const root = copyDemoWorkspace();
  const original = readFileSync(moduleFile(root), 'utf8');
  const variants = [original, ...[1, 2, 3].map((n) => `${original}\nexport const generation = ${n};\n`)];
  for (let round = 0; round < 6; round += 1) {
    const doomed = session(root);
    await doomed.ok('/modules');
    writeFileSync(moduleFile(root), variants[(round % 3) + 1] as string);
    doomed.child.stdin.write('/reload knowledge_engine --probation 0\n/rollback\n');
    await new Promise((resolve) => setTimeout(resolve, 5 + round * 17));
    // Even rounds kill the agent process (its session restarts it), odd ones the control process.
    if (round % 2 === 0) {
      process.kill(agentPidOf(doomed.child.pid), 'SIGKILL');
      await doomed.end();
    } else {
      await doomed.kill();
    }
    await agentGone(root);
    await expectConsistent(root, variants);
  }
  expect(existsSync(path.join(root, '.saraphina', 'state.db'))).toBe(true);
});
