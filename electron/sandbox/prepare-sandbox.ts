import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { ApplyFilePreview, Proposal, SandboxCheck, WriteMode } from '../../shared/proposals';
import type { ModuleSettings, WorkspaceConfig } from '../engine/workspace-config';
import { CONFIG_FILE } from '../engine/workspace-config';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule } from '../runtime/compile';
import { sha256 } from '../base/sha256';
import { isClass } from '../runtime/live-namespace';
import type { CompilerOptions } from '../runtime/project-settings';
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

/** What the sandbox needs of an apply plan (proposals/ makes it): the files as Apply would write them. */
export interface SandboxPlan {
  readonly mode: WriteMode;
  readonly files: readonly Pick<ApplyFilePreview, 'module' | 'result'>[];
}

export interface SandboxInput {
  readonly runtime: AgentRuntime;
  readonly config: WorkspaceConfig;
  readonly proposal: Proposal;
  readonly plan: SandboxPlan;
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
    // The source tree as it is (nested folders too). lstat, not stat: a symlink in the workspace
    // is never followed into the copy (it could name any file).
    const { sourceRoot } = runtime.workspace;
    cpSync(sourceRoot, modulesDir, {
      recursive: true,
      filter: (from) => {
        if (from === sourceRoot) return true;
        const entry = lstatSync(from);
        if (!entry.isFile() && !entry.isDirectory()) return false;
        return !/^\.|^node_modules$/.test(path.basename(from)) && from !== path.join(sourceRoot, TESTS_FILE);
      },
    });
    const configFile = path.join(runtime.workspace.root, CONFIG_FILE);
    if (existsSync(configFile) && lstatSync(configFile).isFile()) copyFileSync(configFile, path.join(root, CONFIG_FILE));
    const sandboxPath = (module: ModuleId): string => path.join(modulesDir, path.relative(sourceRoot, runtime.workspace.pathFor(module)));
    for (const file of plan.files) writeFileSync(sandboxPath(file.module), file.result);
    const testsFile = proposal.tests === null || proposal.tests.trim() === '' ? null : path.join(modulesDir, TESTS_FILE);
    if (testsFile !== null) writeFileSync(testsFile, proposal.tests as string);

    const { precompiled, timings } = await precompile(modulesDir, runtime.workspace.settings.compilerOptions);
    const compileChecks = [
      ...plan.files.map((file) => compileCheck(file.module, precompiled, timings, sandboxPath(file.module))),
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

async function precompile(
  modulesDir: string,
  compilerOptions: CompilerOptions,
): Promise<{ precompiled: Record<string, PrecompiledEntry>; timings: Map<string, number> }> {
  const precompiled: Record<string, PrecompiledEntry> = {};
  const timings = new Map<string, number>();
  const files = (readdirSync(modulesDir, { recursive: true }) as string[]).filter(
    (name) => /\.(?:[cm]?[jt]sx?|json)$/.test(name) && !/\.d\.[cm]?ts$/.test(name),
  );
  await Promise.all(
    files.map(async (name) => {
      const filename = path.join(modulesDir, name);
      const source = readFileSync(filename, 'utf8');
      const started = performance.now();
      try {
        const label = name.split(path.sep).join('/');
        const compiled = await compileModule(label.replace(/\.[^./]+$/, '') as ModuleId, filename, source, { compilerOptions, label });
        const { hash, code, sourceMapper, topLevelAwait = false } = compiled;
        precompiled[filename] = { hash, code, map: sourceMapper.rawMap, topLevelAwait };
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
