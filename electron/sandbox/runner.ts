/**
 * The sandbox process: loads a copy of the workspace with a proposal applied and reports each
 * check over IPC. Started by run-sandbox.ts with a memory cap, a scrubbed environment and (where
 * Node has it) the permission model confining file writes to the sandbox folder. It runs the
 * agent runtime only: no engine, no database, nothing of the running app.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { SandboxCheck } from '../../shared/proposals';
import { runChecks } from '../engine/health-checks';
import { withTimeLimit } from '../engine/time-limit';
import { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule } from '../runtime/compile';
import { runWithTimeout } from '../runtime/run-with-timeout';
import { Workspace } from '../runtime/workspace';
import { installPrecompiled } from './precompiled-compile';
import type { ExportKind, SandboxJob, SandboxMessage } from './protocol';

function send(message: SandboxMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

async function timed(name: string, module: ModuleId | null, body: () => Promise<string> | string): Promise<boolean> {
  const started = performance.now();
  let check: SandboxCheck;
  try {
    const output = await body();
    check = { name, module, ok: true, ms: elapsed(started), output };
  } catch (error) {
    check = { name, module, ok: false, ms: elapsed(started), output: toErrorInfo(error).message };
  }
  await send({ type: 'check', check });
  return check.ok;
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SandboxJob;
  installPrecompiled(job.precompiled);
  let runtime: AgentRuntime | undefined;
  await timed('load workspace', null, async () => {
    runtime = await AgentRuntime.open(Workspace.open(job.root), {
      evalTimeoutMs: job.evalTimeoutMs,
      callTimeoutMs: job.callTimeoutMs,
    });
    const failed = runtime.moduleIds().filter((id) => runtime?.current(id) === undefined);
    if (failed.length > 0) throw new Error(`${failed.length} module(s) did not load: ${failed.join(', ')}`);
    return `${runtime.moduleIds().length} modules loaded`;
  });
  if (runtime === undefined) return;
  const live = runtime;
  for (const id of live.moduleIds()) {
    const error = live.record(id)?.lastError ?? null;
    if (error !== null) await send({ type: 'check', check: { name: 'load', module: id, ok: false, ms: 0, output: error.message } });
  }
  for (const module of affected(live, job.targets)) {
    const current = live.current(module);
    const settings = job.settings[module];
    if (current === undefined || settings === undefined) continue;
    const results = await runChecks(live, {
      module,
      previous: standIns(job.previousExports[module]),
      candidate: current.exports,
      settings,
      smokeTest: true,
    });
    for (const result of results) {
      const check = { name: result.name, module, ok: result.ok, ms: result.ms, output: result.message ?? '' };
      await send({ type: 'check', check });
    }
  }
  if (job.testsFile !== null) await runProposalTests(live, job, job.testsFile);
  live.close();
}

/** The proposal's tests: `export default function (modules) {…}` with every loaded module's exports. */
async function runProposalTests(runtime: AgentRuntime, job: SandboxJob, file: string): Promise<void> {
  const limit = Math.max(...Object.values(job.settings).map((settings) => settings.checkTimeoutMs), 2000);
  await timed('proposal tests', null, async () => {
    const compiled = await compileModule(path.basename(file, '.ts') as ModuleId, file, readFileSync(file, 'utf8'));
    const version = runtime.instantiate(compiled);
    try {
      const test = version.exports['default'];
      if (typeof test !== 'function') throw new Error('The proposal tests have no default export function.');
      const modules = Object.fromEntries(
        runtime.moduleIds().flatMap((id) => (runtime.current(id) === undefined ? [] : [[id, runtime.namespace(id)]])),
      );
      const started = performance.now();
      const result = runWithTimeout(test as (m: unknown) => unknown, undefined, [modules], limit);
      await withTimeLimit(result, Math.max(1, limit - (performance.now() - started)), 'the proposal tests');
      return 'passed';
    } catch (error) {
      const { message, location } = runtime.describeError(error);
      throw new Error(location === null ? message : `${message} (at ${location})`, { cause: error });
    } finally {
      runtime.disposeVersion(version);
    }
  });
}

/** The targets and every module that depends on them, targets first. */
function affected(runtime: AgentRuntime, targets: readonly ModuleId[]): ModuleId[] {
  const all = new Set<ModuleId>(targets);
  for (const target of targets) for (const dependent of runtime.graph.dependentsInTopologicalOrder(target)) all.add(dependent);
  return [...all];
}

/** Stand-ins with the running version's export names and kinds, for "exports kept". */
function standIns(kinds: Readonly<Record<string, ExportKind>> | undefined): Record<string, unknown> | undefined {
  if (kinds === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(kinds).map(([name, kind]) => [name, kind === 'class' ? class {} : kind === 'function' ? function () {} : null]),
  );
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

// The app went away (quit, crash): nobody will read the report, so stop.
process.on('disconnect', () => process.exit(1));

void main()
  .catch(async (error: unknown) => {
    await send({ type: 'check', check: { name: 'sandbox runner', module: null, ok: false, ms: 0, output: toErrorInfo(error).message } });
  })
  .finally(async () => {
    await send({ type: 'done' });
    process.exit(0);
  });
