/**
 * The sandbox process: loads a copy of the workspace with a proposal applied and reports each
 * check on the report channel (runner-channel.ts), which it takes before any proposal code runs.
 * Started by run-sandbox.ts inside the OS sandbox where there is one, with rlimits, a scrubbed
 * environment and Node's permission model. It runs the agent runtime only: no engine, no
 * database, nothing of the running app.
 */
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { SandboxCheck } from '../../shared/proposals';
import { assertionDetailOf } from '../engine/assertion-detail';
import { runChecks } from '../engine/health-checks';
import { withTimeLimit } from '../engine/time-limit';
import { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule } from '../runtime/compile';
import { runWithTimeout } from '../runtime/run-with-timeout';
import { Workspace } from '../runtime/workspace';
import { installPrecompiled } from './precompiled-compile';
import type { ExportKind, SandboxJob } from './protocol';
import { PROXY_PORT } from './network-proxy';
import { openReportChannel } from './runner-channel';

// Before anything else, and so before any proposal code: the channel and its secret.
const channel = openReportChannel();
let sent = 0;

function send(check: SandboxCheck): Promise<void> {
  channel.check(check);
  sent += 1;
  return Promise.resolve();
}

async function timed(name: string, module: ModuleId | null, body: () => Promise<string> | string): Promise<boolean> {
  const started = performance.now();
  let check: SandboxCheck;
  try {
    const output = await body();
    check = { name, module, ok: true, ms: elapsed(started), output };
  } catch (error) {
    const assertion = assertionDetailOf(error);
    check = { name, module, ok: false, ms: elapsed(started), output: toErrorInfo(error).message, ...(assertion === null ? {} : { assertion }) };
  }
  await send(check);
  return check.ok;
}

/** Longest error message described (a 30 MB message would stall the stack mapping for minutes). */
const ERROR_MESSAGE_LIMIT = 8192;
const describeError = AgentRuntime.prototype.describeError;
AgentRuntime.prototype.describeError = function describeCapped(this: AgentRuntime, error: unknown) {
  return describeError.call(this, capError(error));
};

function capError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? error.slice(0, ERROR_MESSAGE_LIMIT) : error;
  const message = String(error.message);
  if (message.length <= ERROR_MESSAGE_LIMIT) return error;
  const stack = String(error.stack ?? '');
  const frames = stack.indexOf('\n    at ');
  const capped = `${message.slice(0, ERROR_MESSAGE_LIMIT)}… (${message.length - ERROR_MESSAGE_LIMIT} more characters cut)`;
  error.message = capped;
  error.stack = `${error.name}: ${capped}${frames === -1 ? '' : stack.slice(frames)}`;
  return error;
}

/**
 * The sandbox has no network but its own loopback: 127.0.0.1:PROXY_PORT (where NODE_USE_ENV_PROXY
 * sends fetch and http) is forwarded to the app's allowed-hosts proxy on its unix socket.
 */
function forwardToProxy(socketPath: string): Promise<void> {
  const server = createServer((client) => {
    const upstream = connect({ path: socketPath });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PROXY_PORT, '127.0.0.1', () => resolve());
  });
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SandboxJob;
  installPrecompiled(job.precompiled);
  if (job.proxySocket !== null) await forwardToProxy(job.proxySocket);
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
    if (error !== null) await send({ name: 'load', module: id, ok: false, ms: 0, output: error.message });
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
      const { name, ok, ms, assertion } = result;
      await send({ name, module, ok, ms, output: result.message ?? '', ...(assertion === undefined ? {} : { assertion }) });
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

void main()
  .catch(async (error: unknown) => {
    await send({ name: 'sandbox runner', module: null, ok: false, ms: 0, output: toErrorInfo(error).message });
  })
  .finally(() => {
    channel.done(sent);
    process.exit(0);
  });
