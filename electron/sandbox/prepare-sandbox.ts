import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { Proposal, SandboxCheck } from '../../shared/proposals';
import type { ModuleSettings, WorkspaceConfig } from '../engine/workspace-config';
import { CONFIG_FILE } from '../engine/workspace-config';
import type { ApplyPlan } from '../proposals/apply-plan';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule, sha256 } from '../runtime/compile';
import { isClass } from '../runtime/live-namespace';
import { MODULES_DIR } from '../runtime/workspace';
import { TESTS_FILE, type ExportKind, type PrecompiledEntry, type SandboxJob } from './protocol';

export interface PreparedSandbox {
  /** The sandbox folder: the only place the sandbox process may write. */
  readonly dir: string;
  readonly home: string;
  readonly jobFile: string;
  /** Compiling the proposal's files (done here: the sandbox process cannot start esbuild). */
  readonly compileChecks: readonly SandboxCheck[];
  readonly hasTests: boolean;
  readonly proxySocket: string | null;
  remove(): void;
}

export interface SandboxInput {
  readonly runtime: AgentRuntime;
  readonly config: WorkspaceConfig;
  readonly proposal: Proposal;
  readonly plan: ApplyPlan;
}

/**
 * A temp copy of the workspace's modules and config (never its `.saraphina/` state) with the
 * proposal written in as Apply would write it, every TypeScript file compiled, and the job file.
 */
export async function prepareSandbox({ runtime, config, proposal, plan }: SandboxInput, withProxy = false): Promise<PreparedSandbox> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'saraphina-sandbox-')));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const root = path.join(dir, 'workspace');
    const modulesDir = path.join(root, MODULES_DIR);
    const home = path.join(dir, 'home');
    for (const folder of [modulesDir, home, path.join(home, 'tmp')]) mkdirSync(folder, { recursive: true });
    for (const name of readdirSync(runtime.workspace.modulesDir)) {
      const from = path.join(runtime.workspace.modulesDir, name);
      // lstat, not stat: a symlink in the workspace is never followed into the copy (it could name any file).
      if (name.startsWith('.') || name === TESTS_FILE || !lstatSync(from).isFile()) continue;
      copyFileSync(from, path.join(modulesDir, name));
    }
    const configFile = path.join(runtime.workspace.root, CONFIG_FILE);
    if (existsSync(configFile) && lstatSync(configFile).isFile()) copyFileSync(configFile, path.join(root, CONFIG_FILE));
    for (const file of plan.files) writeFileSync(path.join(modulesDir, `${file.module}.ts`), file.result);
    const testsFile = proposal.tests === null || proposal.tests.trim() === '' ? null : path.join(modulesDir, TESTS_FILE);
    if (testsFile !== null) writeFileSync(testsFile, proposal.tests as string);

    const { precompiled, timings } = await precompile(modulesDir);
    const compileChecks = [
      ...plan.files.map((file) => compileCheck(file.module, precompiled, timings, path.join(modulesDir, `${file.module}.ts`))),
      ...(testsFile === null ? [] : [compileCheck(null, precompiled, timings, testsFile)]),
    ];
    const ids = runtime.workspace.listModuleIds();
    const job: SandboxJob = {
      root,
      targets: plan.files.map((file) => file.module),
      testsFile,
      previousExports: Object.fromEntries(ids.flatMap((id) => exportKinds(runtime, id))),
      settings: Object.fromEntries(ids.map((id): [ModuleId, ModuleSettings] => [id, config.settingsFor(id)])),
      evalTimeoutMs: runtime.evalTimeoutMs,
      callTimeoutMs: runtime.callTimeoutMs,
      precompiled,
      proxySocket: withProxy ? path.join(dir, 'proxy.sock') : null,
    };
    const jobFile = path.join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    return { dir, home, jobFile, compileChecks, hasTests: testsFile !== null, proxySocket: job.proxySocket, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

async function precompile(modulesDir: string): Promise<{ precompiled: Record<string, PrecompiledEntry>; timings: Map<string, number> }> {
  const precompiled: Record<string, PrecompiledEntry> = {};
  const timings = new Map<string, number>();
  const files = readdirSync(modulesDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  await Promise.all(
    files.map(async (name) => {
      const filename = path.join(modulesDir, name);
      const source = readFileSync(filename, 'utf8');
      const started = performance.now();
      try {
        const compiled = await compileModule(name.slice(0, -'.ts'.length) as ModuleId, filename, source);
        precompiled[filename] = { hash: compiled.hash, code: compiled.code, map: compiled.sourceMapper.rawMap };
      } catch (error) {
        precompiled[filename] = { hash: sha256(source), error: toErrorInfo(error) };
      }
      timings.set(filename, Math.round((performance.now() - started) * 100) / 100);
    }),
  );
  return { precompiled, timings };
}

function compileCheck(module: ModuleId | null, table: Record<string, PrecompiledEntry>, timings: Map<string, number>, file: string): SandboxCheck {
  const entry = table[file];
  const ms = timings.get(file) ?? 0;
  const name = module === null ? 'compile proposal tests' : 'compile';
  if (entry === undefined) return { name, module, ok: false, ms, output: `${path.basename(file)} was not compiled.` };
  return 'error' in entry ? { name, module, ok: false, ms, output: entry.error.message } : { name, module, ok: true, ms, output: '' };
}

function exportKinds(runtime: AgentRuntime, id: ModuleId): [ModuleId, Record<string, ExportKind>][] {
  const exports = runtime.current(id)?.exports;
  if (exports === undefined) return [];
  const kinds = Object.entries(exports).map(([name, value]): [string, ExportKind] => [
    name,
    isClass(value) ? 'class' : typeof value === 'function' ? 'function' : 'value',
  ]);
  return [[id, Object.fromEntries(kinds)]];
}
