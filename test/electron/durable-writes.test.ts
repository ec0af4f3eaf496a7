import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeError, writeFileAtomic } from '../../electron/engine/atomic-write';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { sha256 } from '../../electron/runtime/compile';
import { toErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import { moduleFile, startEngine } from '../support/engine';
import { copyDemoWorkspace, tempDir } from '../support/temp-workspace';

/*
 * Writes as a user with a full or read-only disk meets them: a real small tmpfs under the
 * workspace's modules/ folder (root only; CI runs as root), filled up before the change.
 */

const KE = 'knowledge_engine' as ModuleId;
const mounts: string[] = [];

afterEach(() => {
  for (const dir of mounts.splice(0)) spawnSync('umount', ['-l', dir]);
});

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = tempDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  return mounted;
}

/** Puts the demo's src/ on its own 512 KB tmpfs, keeping its files; state.db stays on the normal disk. */
function smallDisk(root: string): string {
  const modules = path.join(root, 'src');
  const saved = path.join(tempDir(), 'modules');
  cpSync(modules, saved, { recursive: true });
  rmSync(modules, { recursive: true });
  mkdirSync(modules);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', modules]);
  mounts.push(modules);
  cpSync(saved, modules, { recursive: true });
  return modules;
}

/** Fills the folder's file system to the last byte. */
function fill(dir: string): void {
  const chunk = Buffer.alloc(4096, 1);
  const filler = path.join(dir, '.filler');
  writeFileSync(filler, '');
  for (;;) {
    try {
      writeFileSync(filler, chunk, { flag: 'a' });
    } catch {
      break;
    }
  }
  for (const size of [512, 64, 1]) {
    try {
      for (;;) writeFileSync(filler, Buffer.alloc(size, 1), { flag: 'a' });
    } catch {
      // Full at this granularity.
    }
  }
}

async function demo() {
  const root = copyDemoWorkspace();
  const engine = await startEngine(root, { evalTimeoutMs: 2000 });
  const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 20_000 } });
  return { root, engine, proposals };
}

const journalRows = (engine: Awaited<ReturnType<typeof demo>>['engine']) => engine.db.prepare('SELECT COUNT(*) FROM journal').pluck().get();
const tempFiles = (dir: string) => readdirSync(dir).filter((name) => name.includes('saraphina-tmp'));
const HELPER = `export function ke_status(): string {\n  return '${'ok'.repeat(20_000)}';\n}\n`;

describe.runIf(canMount())('a full or read-only disk (real tmpfs)', () => {
  test('apply on a full disk: one clear line, the file as it was, nothing claimed that was not checked', async () => {
    const { root, engine, proposals } = await demo();
    const modules = smallDisk(root);
    const before = readFileSync(moduleFile(root, KE), 'utf8');
    const proposal = proposals.create({ feature: 'big helper', code: HELPER });
    const preview = proposals.preview(proposal.id);
    proposals.approve(proposal.id, { force: true });
    fill(modules);
    const result = await proposals.apply(proposal.id, KE, 'append', preview.baseHash);
    expect(result.outcome).not.toBe('applied');
    expect(result.error).toMatchObject({ code: 'WRITE_FAILED' });
    expect(result.error?.message).toMatch(/^Cannot write knowledge_engine\.ts: the disk is full \(ENOSPC\); the file was left as it was\.$/);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(before);
    expect(result.steps.find((step) => step.name === 'rollback')?.detail).toMatch(/read back byte-identical/);
    expect(journalRows(engine)).toBe(0);
    expect(tempFiles(modules)).toEqual([]);
    expect(engine.runtime.current(KE)?.compiled.hash).toBe(sha256(before));
  });

  test('rollback on a full disk: one clear line, the file and the serving code as they were, journal closed', async () => {
    const { root, engine } = await demo();
    const modules = smallDisk(root);
    const first = engine.versions.history(KE, 100).at(-1);
    const edited = `${readFileSync(moduleFile(root, KE), 'utf8')}\nexport const marker = '${'v2'.repeat(40_000)}';\n`;
    writeFileSync(moduleFile(root, KE), edited);
    expect((await engine.reloads.hotReloadModule(KE, { probationMs: 0 })).outcome).toBe('reloaded');
    fill(modules);
    await expect(engine.rollback.rollbackToVersion(first?.versionId ?? '')).rejects.toThrow(/disk is full \(ENOSPC\); the file was left as it was/);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(edited);
    expect(engine.runtime.current(KE)?.compiled.hash).toBe(sha256(edited));
    expect(journalRows(engine)).toBe(0);
    expect(tempFiles(modules)).toEqual([]);
  });

  test('a read-only file system: EROFS in one line, nothing changed', async () => {
    const { root, proposals } = await demo();
    const modules = smallDisk(root);
    const before = readFileSync(moduleFile(root, KE), 'utf8');
    const proposal = proposals.create({ feature: 'helper', code: "export const ro = 'x';\n" });
    const preview = proposals.preview(proposal.id);
    proposals.approve(proposal.id, { force: true });
    execFileSync('mount', ['-o', 'remount,ro', modules]);
    const result = await proposals.apply(proposal.id, KE, 'append', preview.baseHash);
    expect(result.error?.message).toMatch(/file system is read-only \(EROFS\); the file was left as it was/);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(before);
  });
});

describe('writes', () => {
  test.each([
    ['EPERM', /not permitted/],
    ['EIO', /I\/O error/],
    ['EACCES', /permission denied/],
    ['ENOSPC', /disk is full/],
  ])('%s is one line saying the file was left as it was, with a hint', (code, reason) => {
    const error = writeError(Object.assign(new Error(`${code}: raw`), { code }), '/w/modules/a.ts');
    expect(error.code).toBe('WRITE_FAILED');
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/^Cannot write a\.ts: .*; the file was left as it was\.$/);
    expect(error.hint).toEqual(expect.any(String));
  });

  test('a write onto a file changed since it was read is refused and leaves the new content', () => {
    const file = path.join(tempDir(), 'a.ts');
    writeFileSync(file, 'one');
    writeFileSync(file, 'two (someone else)');
    expect(() => writeFileAtomic(file, 'three', { expectHash: sha256('one') })).toThrow(/changed by another program/);
    expect(readFileSync(file, 'utf8')).toBe('two (someone else)');
  });

  test('an edit by another program between checkpoint and write is kept as a version and the apply refused', async () => {
    const { root, engine, proposals } = await demo();
    const proposal = proposals.create({ feature: 'helper', code: "export const racing = 'x';\n" });
    const preview = proposals.preview(proposal.id);
    proposals.approve(proposal.id, { force: true });
    const theirs = `${readFileSync(moduleFile(root, KE), 'utf8')}\nexport const theirs = 'saved in an editor';\n`;
    // The editor saves right after the checkpoint is recorded, before the write.
    const stop = engine.events.onDidChange((event) => {
      if (event.type === 'versionAdded' && event.version.state === 'checkpoint' && event.version.reason.startsWith('before applying')) {
        writeFileSync(moduleFile(root, KE), theirs);
      }
    });
    const result = await proposals.apply(proposal.id, KE, 'append', preview.baseHash);
    stop();
    expect(result.outcome).toBe('refused');
    expect(result.error).toMatchObject({ code: 'CHANGED_ON_DISK' });
    expect(result.error?.message).toMatch(/knowledge_engine\.ts was changed by another program .*; nothing was written/);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(theirs);
    expect(engine.versions.history(KE, 100).some((version) => version.hash === sha256(theirs))).toBe(true);
    expect(journalRows(engine)).toBe(0);
  });
});

describe.runIf(canMount())('state.db on a full disk (real tmpfs)', () => {
  test('a change whose version cannot be recorded writes nothing, and every version recorded before is kept', async () => {
    const root = copyDemoWorkspace();
    const state = path.join(root, '.saraphina');
    mkdirSync(state);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', state]);
    mounts.push(state);
    const engine = await startEngine(root, { evalTimeoutMs: 2000 });
    const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 20_000 } });
    const before = readFileSync(moduleFile(root, KE), 'utf8');
    const versions = engine.versions.history(null, 10_000).map((version) => version.versionId);
    const proposal = proposals.create({ feature: 'big helper', code: HELPER });
    const preview = proposals.preview(proposal.id);
    proposals.approve(proposal.id, { force: true });
    fill(state);
    const result = await proposals.apply(proposal.id, KE, 'append', preview.baseHash).catch((error: unknown) => error);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(before);
    // Whether the failure surfaced as a rolled-back result or as a throw, the user gets one line.
    const info = result instanceof Error ? toErrorInfo(result) : (result as { error?: { message: string } }).error;
    expect(info?.message).toMatch(/disk is full/);
    rmSync(path.join(state, '.filler'));
    await engine.close();
    const reopened = await startEngine(root);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const kept = new Set(reopened.versions.history(null, 10_000).map((version) => version.versionId));
    expect(versions.every((id) => kept.has(id))).toBe(true);
  });
});
