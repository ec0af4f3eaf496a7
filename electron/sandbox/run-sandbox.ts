import { spawn, spawnSync } from 'node:child_process';
import type { ModuleId } from '../../shared/ids';
import type { SandboxCheck, SandboxReport } from '../../shared/proposals';
import type { SandboxSettings } from '../engine/workspace-config';
import { prepareSandbox, type SandboxInput } from './prepare-sandbox';
import type { SandboxMessage } from './protocol';
import { sandboxRunnerFile } from './runner-bundle';

const OUTPUT_LIMIT = 16 * 1024;
const SECRET = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/**
 * Tests a proposal in a separate process on a copy of the workspace: compile (here), then load
 * the whole workspace, run the checks and smoke tests of every affected module and the
 * proposal's own tests (there). Limits: a wall-clock timeout (the process is killed), a memory
 * cap, an environment with nothing but PATH, a temp HOME and NODE_ENV, and — where Node has the
 * permission model — reads and writes confined to the sandbox folder and no child processes.
 * Whatever the proposal does, the app gets a report.
 */
export async function runSandbox(input: SandboxInput, limits: SandboxSettings): Promise<SandboxReport> {
  const startedAt = Date.now();
  const started = performance.now();
  const prepared = await prepareSandbox(input);
  const checks: SandboxCheck[] = [...prepared.compileChecks];
  try {
    const runner = await sandboxRunnerFile();
    checks.push(...(await runChild(runner, prepared.jobFile, prepared.dir, prepared.home, limits)));
  } finally {
    prepared.remove();
  }
  const passed = checks.length > 0 && checks.every((check) => check.ok);
  return {
    passed,
    codeHash: input.proposal.codeHash,
    targets: input.plan.files.map((file) => file.module),
    mode: input.plan.mode,
    checks,
    startedAt,
    durationMs: Math.round(performance.now() - started),
  };
}

function runChild(runner: string, jobFile: string, dir: string, home: string, limits: SandboxSettings): Promise<SandboxCheck[]> {
  const permission = permissionFlag();
  const args = [
    ...(permission === null ? [] : [permission, `--allow-fs-read=${dir}`, `--allow-fs-read=${runner}`, `--allow-fs-write=${dir}`]),
    '--no-warnings',
    `--max-old-space-size=${limits.memoryMb}`,
    runner,
    jobFile,
  ];
  const checks: SandboxCheck[] = [];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: scrubbedEnvironment(home),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      windowsHide: true,
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output.length);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let done = false;
    let timedOut = false;
    child.on('message', (message: SandboxMessage) => {
      if (message.type === 'check') checks.push(message.check);
      else if (message.type === 'done') done = true;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    const finish = (failure: SandboxCheck | null): void => {
      clearTimeout(timer);
      resolve(failure === null ? checks : [...checks, failure]);
    };
    child.on('error', (error) => finish(processCheck(started, `The sandbox process did not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (timedOut) {
        return finish(processCheck(started, `Still running after ${limits.timeoutMs} ms; stopped (an endless loop or a hang?).${tail(output)}`));
      }
      if (/heap limit|heap out of memory|Allocation failed/i.test(output) || (!done && (signal === 'SIGABRT' || code === 134))) {
        return finish(processCheck(started, `Ran out of memory (the sandbox is capped at ${limits.memoryMb} MB).`));
      }
      if (!done || code !== 0) {
        return finish(processCheck(started, `The sandbox process ended early (${signal ?? `exit code ${code}`}).${tail(output)}`));
      }
      return finish(null);
    });
  });
}

function processCheck(started: number, output: string): SandboxCheck {
  return { name: 'sandbox process', module: null as ModuleId | null, ok: false, ms: Math.round(performance.now() - started), output };
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
    TMPDIR: `${home}/tmp`,
    NODE_ENV: process.env['NODE_ENV'] ?? 'production',
    // When execPath is the Electron binary, run it as plain Node.
    ELECTRON_RUN_AS_NODE: '1',
  };
  if (process.platform === 'win32') env['SystemRoot'] = process.env['SystemRoot'] ?? 'C:\\Windows';
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET.test(name)));
}

let permission: string | null | undefined;

/** Node 20's `--experimental-permission`, Node 22's `--permission`, or null where neither works. */
export function permissionFlag(): string | null {
  if (permission !== undefined) return permission;
  permission = null;
  for (const flag of ['--permission', '--experimental-permission']) {
    const probe = spawnSync(process.execPath, [flag, '--allow-fs-read=*', '--no-warnings', '-e', '0'], {
      env: { PATH: process.env['PATH'] ?? '', ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'ignore',
      timeout: 10_000,
    });
    if (probe.status === 0) {
      permission = flag;
      break;
    }
  }
  return permission;
}
