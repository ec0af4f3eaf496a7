import { chmodSync, existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { bubblewrap } from '../../electron/sandbox/os-sandbox';
import { sandboxRunnerFile } from '../../electron/sandbox/runner-bundle';
import type { SandboxReport } from '../../shared/proposals';
import { startEngine } from '../support/engine';
import { copyDemoWorkspace, tempDir } from '../support/temp-workspace';

/*
 * The sandbox from the attacker's side: proposal code (at load or in its tests) tries to escape
 * into the app, and the app must stay unharmed and say so in the report.
 */

const osSandbox = bubblewrap() !== null;

async function service(sandbox: { timeoutMs?: number; memoryMb?: number; osSandbox?: boolean; allowedHosts?: string[] } = {}) {
  const root = copyDemoWorkspace();
  const engine = await startEngine(root, { evalTimeoutMs: 2000 });
  return { root, engine, proposals: new ProposalService(engine, { sandbox: { timeoutMs: 20_000, ...sandbox } }) };
}

function outputs(report: SandboxReport): string {
  return report.checks.map((check) => `${check.module ?? '-'}:${check.name}: ${check.output}`).join('\n');
}

/** Proposal tests that throw with what they saw, so the report carries it. */
function probe(body: string): string {
  return `import net from 'node:net';\nimport fs from 'node:fs';\nexport default async function attack() {\n${body}\n}\n`;
}

const CONNECT = `
  const connect = (port: number, host = '127.0.0.1') => new Promise<string>((resolve) => {
    const socket = net.connect(port, host);
    socket.on('connect', () => { socket.destroy(); resolve('connected'); });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });`;

describe.runIf(osSandbox)('inside the OS sandbox (bubblewrap)', () => {
  test('SIGUSR1 to the app does not open its inspector, and the sandbox cannot reach 9229', async () => {
    const { proposals } = await service();
    const tests = probe(`${CONNECT}
      const seen: string[] = [];
      for (const pid of [${process.pid}, process.ppid]) {
        try { process.kill(pid, 'SIGUSR1'); seen.push('signalled ' + pid); } catch (error) { seen.push((error as NodeJS.ErrnoException).code ?? 'error'); }
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw new Error('saw ' + seen.join(',') + ' inspector:' + (await connect(9229)));`);
    const proposal = proposals.create({ feature: 'debug the app', code: 'export const innocent = true;\n', tests });
    const report = await proposals.sandbox(proposal.id);
    expect(inspector.url()).toBeUndefined();
    // The app's pid does not exist in there; process.ppid is the sandbox's own init (not signallable by the sandbox user when the app is root).
    expect(outputs(report)).toMatch(/saw ESRCH,(ESRCH|EPERM|signalled 1) inspector:(ECONNREFUSED|ENETUNREACH)/);
    expect(report.passed).toBe(false);
  });

  test('the proposal cannot kill the app', async () => {
    const { proposals, engine } = await service();
    const code = `try { process.kill(${process.pid}, 'SIGKILL'); } catch {}\ntry { process.kill(process.ppid, 'SIGKILL'); } catch {}\nexport const killer = true;\n`;
    const tests = probe(`try { process.kill(${process.pid}, 0); throw new Error('app visible'); } catch (error) { throw new Error('kill: ' + (error as NodeJS.ErrnoException).code); }`);
    const proposal = proposals.create({ feature: 'kill the app', code, tests });
    const report = await proposals.sandbox(proposal.id);
    expect(outputs(report)).toMatch(/kill: ESRCH/);
    expect(await engine.runtime.call('knowledge_engine' as never, 'count_facts', [])).toBe(0);
  });

  test('no network: a server of the app on 127.0.0.1 is out of reach', async () => {
    const server = net.createServer();
    let connections = 0;
    server.on('connection', (socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const { proposals } = await service();
      const tests = probe(`${CONNECT}
        const own = net.createServer().listen(0, '127.0.0.1');
        await new Promise((resolve) => own.on('listening', resolve));
        const loopback = await connect((own.address() as net.AddressInfo).port);
        own.close();
        throw new Error('loopback:' + loopback + ' app:' + (await connect(${port})));`);
      const proposal = proposals.create({ feature: 'phone home', code: 'export const calls = 0;\n', tests });
      const report = await proposals.sandbox(proposal.id);
      expect(outputs(report)).toMatch(/loopback:connected app:(ECONNREFUSED|ENETUNREACH)/);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  test('with sandbox.allowedHosts, only the named hosts are reachable, and only through the app', async () => {
    const servers = [net.createServer(), net.createServer()].map((server) => {
      const counted = { server, connections: 0 };
      server.on('connection', (socket) => {
        counted.connections += 1;
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
      });
      return counted;
    });
    await Promise.all(servers.map(({ server }) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    const [allowed, other] = servers.map(({ server }) => (server.address() as net.AddressInfo).port);
    try {
      const { proposals } = await service({ allowedHosts: [`127.0.0.1:${allowed}`] });
      const tests = probe(`${CONNECT}
        const text = await (await fetch('http://127.0.0.1:${allowed}/')).text();
        let refused = 'reached';
        try { await fetch('http://127.0.0.1:${other}/'); } catch (error) { refused = String((error as Error).cause ?? error); }
        throw new Error('allowed:' + text + ' other:' + refused + ' direct:' + (await connect(${allowed})));`);
      const proposal = proposals.create({ feature: 'call an allowed API', code: 'export const api = true;\n', tests });
      const report = await proposals.sandbox(proposal.id);
      expect(outputs(report)).toMatch(/allowed:hello other:(?!reached)\S.* direct:(ECONNREFUSED|ENETUNREACH)/);
      expect(servers[1]?.connections).toBe(0);
      expect(report.protections?.list.find((item) => item.name === 'network')?.detail).toContain(`only 127.0.0.1:${allowed}`);
    } finally {
      for (const { server } of servers) server.close();
    }
  });

  test('the sandbox process ignores SIGUSR1 itself (no inspector inside either)', async () => {
    const { proposals } = await service();
    const tests = probe(`${CONNECT}
      process.kill(process.pid, 'SIGUSR1');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const inspector = await connect(9229);
      if (inspector === 'connected') throw new Error('inspector opened');`);
    const proposal = proposals.create({ feature: 'self debug', code: 'export const quiet = true;\n', tests });
    const report = await proposals.sandbox(proposal.id);
    expect(report.checks.find((check) => check.name === 'proposal tests')).toMatchObject({ ok: true });
  });

  test('Buffers count against the memory cap: 2 GB of Buffers under a 96 MB cap fail', async () => {
    const { proposals, engine } = await service({ memoryMb: 96 });
    const code = 'const hoard: Buffer[] = [];\nfor (let i = 0; i < 32; i++) hoard.push(Buffer.alloc(64 * 1024 * 1024, 1));\nexport const held = hoard.length;\n';
    const proposal = proposals.create({ feature: 'hoard buffers', code });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(outputs(report)).toMatch(/allocat(e|ion) (failed|memory)|Ran out of memory/i);
    expect(outputs(report)).not.toMatch(/held/);
    expect(await engine.runtime.call('knowledge_engine' as never, 'count_facts', [])).toBe(0);
  });

  test('files outside its copy cannot be read, and symlinks in the workspace are not followed', async () => {
    const secretDir = tempDir();
    const secret = path.join(secretDir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-VALUE');
    const { root, proposals } = await service();
    symlinkSync(secret, path.join(root, 'src', 'leak.txt'));
    mkdirSync(path.join(secretDir, 'dir'));
    symlinkSync(path.join(secretDir, 'dir'), path.join(root, 'src', 'leakdir'));
    const tests = probe(`
      const seen: string[] = [];
      for (const file of [__dirname + '/leak.txt', ${JSON.stringify(secret)}, '/etc/shadow', '/proc/1/environ']) {
        try { seen.push(fs.readFileSync(file, 'utf8')); } catch (error) { seen.push((error as NodeJS.ErrnoException).code ?? 'error'); }
      }
      throw new Error('read: ' + seen.join(','));`);
    const proposal = proposals.create({ feature: 'read secrets', code: 'export const reader = true;\n', tests });
    const report = await proposals.sandbox(proposal.id);
    expect(JSON.stringify(report)).not.toContain('TOP-SECRET-VALUE');
    expect(outputs(report)).toMatch(/read: (ENOENT|ERR_ACCESS_DENIED),(ENOENT|ERR_ACCESS_DENIED),/);
  });

  test('a report that ran in the OS sandbox says so and can be approved', async () => {
    const { proposals } = await service();
    const proposal = proposals.create({ feature: 'helper', code: "export function ke_status(): string {\n  return 'ok';\n}\n" });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(true);
    expect(report.protections?.osSandbox).toBe('bubblewrap');
    expect(report.protections?.list.filter((item) => ['processes', 'network', 'files'].includes(item.name)).every((item) => item.active)).toBe(true);
    expect(proposals.approve(proposal.id).approval?.forced).toBe(false);
  });
});

describe('without the OS sandbox', () => {
  test('the report says plainly what was not protected, and approval needs an acknowledgement', async () => {
    const { proposals } = await service({ osSandbox: false });
    const proposal = proposals.create({ feature: 'helper', code: "export function ke_status(): string {\n  return 'ok';\n}\n" });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(true);
    expect(report.protections?.osSandbox).toBeNull();
    const unprotected = report.protections?.list.filter((item) => !item.active).map((item) => item.name);
    expect(unprotected).toEqual(expect.arrayContaining(['processes', 'network']));
    expect(() => proposals.approve(proposal.id)).toThrow(/without an OS sandbox .*could reach your files, network and processes/);
    expect(proposals.approve(proposal.id, { force: true }).approval?.forced).toBe(true);
  });

  test('SIGUSR1 from proposal code still does not open the app inspector', async () => {
    const { proposals } = await service({ osSandbox: false });
    const tests = probe(`process.kill(${process.pid}, 'SIGUSR1');\n await new Promise((resolve) => setTimeout(resolve, 300));`);
    const proposal = proposals.create({ feature: 'debug the app', code: 'export const innocent = true;\n', tests });
    await proposals.sandbox(proposal.id);
    expect(inspector.url()).toBeUndefined();
  });
});

describe('the verdict cannot be forged', () => {
  test('"done" and exit(0) from proposal code do not pass', async () => {
    const { proposals } = await service();
    // The module's own `process.exit` is refused; the global process's is the real one.
    const code = "try { (process as any).send?.({ type: 'done' }); } catch {}\nglobalThis.process.exit(0);\nexport const early = true;\n";
    const proposal = proposals.create({ feature: 'skip the checks', code });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(outputs(report)).toMatch(/did not report, so the run cannot pass: .*-:load workspace/);
  });

  test('messages written on the report pipe by proposal code fail the run', async () => {
    const { proposals } = await service();
    const forged = JSON.stringify({ type: 'check', check: { name: 'load workspace', module: null, ok: 'yes', ms: 1, output: '' } });
    const code = `import fs from 'node:fs';\nfor (const fd of [3, 4, 5]) { try { fs.writeSync(fd, ${JSON.stringify(`${forged}\n{"type":"done","checks":1}\n`)}); } catch {} }\nglobalThis.process.exit(0);\nexport const forged = true;\n`;
    const proposal = proposals.create({ feature: 'forge', code });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(outputs(report)).toMatch(/did not come from the sandbox runner/);
  });

  test('huge output is capped per check and in total', async () => {
    const { proposals, engine } = await service({ timeoutMs: 15_000 });
    const tests = "export default function () {\n  process.stdout.write('x'.repeat(30_000_000));\n  throw new Error('y'.repeat(30_000_000));\n}\n";
    const proposal = proposals.create({ feature: 'flood', code: 'export const flood = true;\n', tests });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(report.checks.every((check) => check.output.length <= 8192)).toBe(true);
    expect(JSON.stringify(report).length).toBeLessThan(64 * 1024);
    const size = engine.db.prepare("SELECT SUM(LENGTH(report)) AS bytes FROM sandbox_reports").get() as { bytes: number };
    expect(size.bytes).toBeLessThan(64 * 1024);
  });

  test('the runner lives in a private folder and a swapped runner is refused', async () => {
    const { proposals } = await service();
    const runner = await sandboxRunnerFile();
    expect(statSync(runner.dir).mode & 0o777).toBe(0o700);
    expect(path.basename(runner.dir)).toMatch(/^saraphina-runner-.{6}$/);
    const marker = path.join(tempDir(), 'planted-ran');
    chmodSync(runner.file, 0o600);
    writeFileSync(runner.file, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned');`, { mode: 0o600 });
    const proposal = proposals.create({ feature: 'helper', code: 'export const fine = true;\n' });
    await expect(proposals.sandbox(proposal.id)).rejects.toThrow(/changed since it was written/);
    expect(existsSync(marker)).toBe(false);
    const again = await proposals.sandbox(proposal.id);
    expect(again.passed).toBe(true);
    expect((await sandboxRunnerFile()).dir).not.toBe(runner.dir);
  });
});
