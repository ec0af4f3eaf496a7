import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ModuleId } from '../../shared/ids';
import type { SandboxCheck, SandboxReport } from '../../shared/proposals';
import type { SandboxSettings } from '../engine/workspace-config';
import { startHostProxy, PROXY_PORT, type HostProxy } from './network-proxy';
import { bubblewrap, sandboxCommand, type SandboxCommand } from './os-sandbox';
import { prepareSandbox, type SandboxInput } from './prepare-sandbox';
import { grantRead, sandboxUser } from './sandbox-user';
import { ReportReader } from './report-channel';
import { missingChecks, requiredChecks } from './required-checks';
import { sandboxRunnerFile } from './runner-bundle';

const OUTPUT_LIMIT = 16 * 1024;
const SECRET = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;
const ALLOCATION_FAILED = /allocation failed|failed to allocate|cannot allocate memory|out of memory|heap limit/i;

/**
 * Tests a proposal in a separate process on a copy of the workspace: compile (here), then load
 * the whole workspace, run the checks and smoke tests of every affected module and the
 * proposal's own tests (there), inside the OS sandbox where the machine has one (os-sandbox.ts)
 * and Node's permission model. The verdict is this process's: the run passes only when every
 * check it requires reported, well-formed, on the runner's own channel, and all passed. The
 * report says which protections were in force. Whatever the proposal does, the app gets a report.
 */
export async function runSandbox(input: SandboxInput, limits: SandboxSettings): Promise<SandboxReport> {
  guardInspectorSignal();
  const startedAt = Date.now();
  const started = performance.now();
  // Named hosts are reachable only from inside the OS sandbox (elsewhere the network is open anyway).
  const osSandbox = limits.osSandbox && bubblewrap() !== null;
  const withProxy = osSandbox && limits.allowedHosts.length > 0;
  const runner = await sandboxRunnerFile();
  const user = osSandbox ? sandboxUser() : null;
  const prepared = await prepareSandbox(input, { withProxy, runner: runner.file, user, bindsNodeModules: osSandbox });
  const checks: SandboxCheck[] = [...prepared.compileChecks];
  const targets = input.plan.files.map((file) => file.module);
  let protections: SandboxReport['protections'];
  let proxy: HostProxy | null = null;
  try {
    if (prepared.proxySocket !== null) {
      proxy = await startHostProxy(prepared.proxySocket, limits.allowedHosts);
      if (user !== null) grantRead(prepared.proxySocket, user);
    }
    const permission = permissionFlag();
    // Packages are read where they really are (a linked one, or node_modules through the copy's link).
    const packageReads = prepared.binds.map((bind) => `--allow-fs-read=${bind.source}`);
    const nodeArgs = [
      ...(permission === null ? [] : [permission, `--allow-fs-read=${prepared.dir}`, ...packageReads, `--allow-fs-write=${prepared.home}`]),
      ...(sigusr1Flag() ?? []),
      '--no-warnings',
      `--max-old-space-size=${limits.memoryMb}`,
      prepared.runnerFile,
      prepared.jobFile,
    ];
    const layout = { dir: prepared.dir, home: prepared.home, binds: prepared.binds, user, nodeArgs };
    const command = sandboxCommand(layout, limits, permission !== null);
    protections = command.protections;
    const proxyEnvironment = proxy === null ? {} : { NODE_USE_ENV_PROXY: '1', HTTP_PROXY: `http://127.0.0.1:${PROXY_PORT}`, HTTPS_PROXY: `http://127.0.0.1:${PROXY_PORT}` };
    const ran = await runChild(command, prepared.dir, { ...scrubbedEnvironment(prepared.home), ...proxyEnvironment }, limits);
    checks.push(...ran);
    // Under the address-space cap an allocation can fail as a JS error inside a check: say why.
    if (ran.some((check) => !check.ok && ALLOCATION_FAILED.test(check.output)) && !ran.some((check) => check.output.startsWith('Ran out of memory'))) {
      checks.push(processCheck(started, `Ran out of memory (the sandbox is capped at ${limits.memoryMb} MB).`));
    }
    const required = requiredChecks(input.runtime, input.config, targets, prepared.sourceRoot, prepared.hasTests);
    const missing = missingChecks(required, ran);
    if (missing.length > 0) {
      checks.push(processCheck(started, `These checks did not report, so the run cannot pass: ${missing.join(', ')}.`, 'sandbox report'));
    }
  } finally {
    await proxy?.close();
    prepared.remove();
  }
  const passed = checks.length > 0 && checks.every((check) => check.ok);
  return {
    passed,
    codeHash: input.proposal.codeHash,
    targets,
    mode: input.plan.mode,
    checks,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    ...(protections === undefined ? {} : { protections }),
  };
}

function runChild(command: SandboxCommand, dir: string, env: NodeJS.ProcessEnv, limits: SandboxSettings): Promise<SandboxCheck[]> {
  const started = performance.now();
  const secret = randomBytes(32).toString('hex');
  return new Promise((resolve) => {
    const child = spawn(command.command, [...command.args], {
      cwd: dir,
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const reader = new ReportReader(secret, () => child.kill('SIGKILL'));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(`${secret}\n`);
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output.length);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    (child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => reader.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    let settled = false;
    const finish = (failure: SandboxCheck | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(failure === null ? reader.checks : [...reader.checks, failure]);
    };
    child.on('error', (error) => finish(processCheck(started, `The sandbox process did not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (reader.violation !== null) return finish(processCheck(started, `${reader.violation} The run counts as failed.`, 'sandbox report'));
      if (timedOut) {
        return finish(processCheck(started, `Still running after ${limits.timeoutMs} ms; stopped (an endless loop or a hang?).${tail(output)}`));
      }
      if (signal === 'SIGXCPU' || code === 152) {
        return finish(processCheck(started, `Used more CPU time than allowed (${Math.ceil(limits.timeoutMs / 1000) + 1} s); stopped.`));
      }
      if (ALLOCATION_FAILED.test(output) || (!reader.finished && (signal === 'SIGABRT' || code === 134))) {
        return finish(processCheck(started, `Ran out of memory (the sandbox is capped at ${limits.memoryMb} MB).`));
      }
      if (!reader.finished || code !== 0) {
        return finish(processCheck(started, `The sandbox process ended early (${signal ?? `exit code ${code}`}).${tail(output)}`));
      }
      return finish(null);
    });
  });
}

function processCheck(started: number, output: string, name = 'sandbox process'): SandboxCheck {
  return { name, module: null as ModuleId | null, ok: false, ms: Math.round(performance.now() - started), output };
}

function tail(output: string): string {
  const text = output.trim();
  return text === '' ? '' : ` Output: ${text.slice(-1500)}`;
}

/** Only what a Node process needs: no keys, tokens or passwords reach proposal code. */
export function scrubbedEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    USERPROFILE: home,
    TMPDIR: home,
    NODE_ENV: process.env['NODE_ENV'] ?? 'production',
    // When execPath is the Electron binary, run it as plain Node.
    ELECTRON_RUN_AS_NODE: '1',
  };
  if (process.platform === 'win32') env['SystemRoot'] = process.env['SystemRoot'] ?? 'C:\\Windows';
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET.test(name)));
}

let guarded = false;

/**
 * Node opens its inspector (127.0.0.1:9229, full control of this process) on SIGUSR1. A listener
 * replaces that default, so code this process starts can never turn the signal into a debugger.
 */
export function guardInspectorSignal(): void {
  if (guarded || process.platform === 'win32') return;
  guarded = true;
  process.on('SIGUSR1', () => undefined);
}

let permission: string | null | undefined;

/** Node 20's `--experimental-permission`, Node 22's `--permission`, or null where neither works. */
export function permissionFlag(): string | null {
  if (permission !== undefined) return permission;
  permission = null;
  for (const flag of ['--permission', '--experimental-permission']) {
    if (nodeAccepts([flag, '--allow-fs-read=*'])) {
      permission = flag;
      break;
    }
  }
  return permission;
}

let sigusr1: string[] | null | undefined;

/** `--disable-sigusr1` (Node 22.14+): the sandbox process never opens an inspector either. */
function sigusr1Flag(): string[] | null {
  sigusr1 ??= nodeAccepts(['--disable-sigusr1']) ? ['--disable-sigusr1'] : null;
  return sigusr1;
}

function nodeAccepts(flags: readonly string[]): boolean {
  const probe = spawnSync(process.execPath, [...flags, '--no-warnings', '-e', '0'], {
    env: { PATH: process.env['PATH'] ?? '', ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
    timeout: 10_000,
  });
  return probe.status === 0;
}
