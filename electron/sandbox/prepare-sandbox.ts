import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { ApplyFilePreview, Proposal, SandboxCheck, WriteMode } from '../../shared/proposals';
import type { ModuleSettings, WorkspaceConfig } from '../engine/workspace-config';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule } from '../runtime/compile';
import { sha256 } from '../base/sha256';
import { isClass } from '../runtime/is-class';
import type { CompilerOptions } from '../runtime/project-settings';
import { Workspace } from '../runtime/workspace';
import { TESTS_FILE, type ExportKind, type PrecompiledEntry, type SandboxJob } from './protocol';
import { grantRead, type SandboxUser } from './sandbox-user';
import { copyWorkspace, linkNodeModules, type ReadOnlyBind } from './workspace-copy';

export interface PreparedSandbox {
  /** The sandbox folder: the only place the sandbox process may write. */
  readonly dir: string;
  readonly home: string;
  readonly jobFile: string;
  /** The runner, copied in (the sandbox user cannot read the app's private folder). */
  readonly runnerFile: string;
  /** The copy's source root (where smoke tests are looked for). */
  readonly sourceRoot: string;
  /** node_modules and linked packages, read-only: bound by the OS sandbox, else read through links. */
  readonly binds: readonly ReadOnlyBind[];
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

export interface SandboxOptions {
  readonly withProxy: boolean;
  /** The verified runner file to copy in. */
  readonly runner: string;
  /** The unprivileged user the sandbox runs as (the app is root); its group may read the folder. */
  readonly user: SandboxUser | null;
  /** Whether an OS sandbox will bind node_modules (else the copy links to it). */
  readonly bindsNodeModules: boolean;
}

/**
 * A faithful temp copy of the workspace (workspace-copy.ts; never its `.saraphina/` state) with
 * the proposal written in as Apply would write it, every source file compiled, and the job file.
 */
export async function prepareSandbox({ runtime, config, proposal, plan }: SandboxInput, options: SandboxOptions): Promise<PreparedSandbox> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'saraphina-sandbox-')));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const root = path.join(dir, 'workspace');
    const home = path.join(dir, 'home');
    const copy = copyWorkspace(runtime.workspace.root, root);
    for (const folder of [home, path.join(home, 'tmp')]) mkdirSync(folder, { recursive: true });
    const inCopy = (file: string): string => path.join(root, path.relative(runtime.workspace.root, file));
    const sourceRoot = inCopy(runtime.workspace.sourceRoot);
    mkdirSync(sourceRoot, { recursive: true });
    const sandboxPath = (module: ModuleId): string => inCopy(runtime.workspace.pathFor(module));
    for (const file of plan.files) {
      mkdirSync(path.dirname(sandboxPath(file.module)), { recursive: true });
      writeFileSync(sandboxPath(file.module), file.result);
    }
    const testsFile = proposal.tests === null || proposal.tests.trim() === '' ? null : path.join(sourceRoot, TESTS_FILE);
    if (testsFile !== null) writeFileSync(testsFile, proposal.tests as string);

    const { precompiled, timings } = await precompile(root, runtime.workspace.settings.compilerOptions);
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
      proxySocket: options.withProxy ? path.join(dir, 'proxy.sock') : null,
    };
    const jobFile = path.join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    const runnerFile = path.join(dir, 'sandbox-runner.cjs');
    copyFileSync(options.runner, runnerFile);
    if (!options.bindsNodeModules) linkNodeModules(copy);
    if (options.user !== null) grantRead(dir, options.user);
    const { binds } = copy;
    return { dir, home, jobFile, runnerFile, sourceRoot, binds, compileChecks, hasTests: testsFile !== null, proxySocket: job.proxySocket, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** Every source file of the copy, as the copy opens (its own ids and layout), compiled here. */
async function precompile(
  root: string,
  compilerOptions: CompilerOptions,
): Promise<{ precompiled: Record<string, PrecompiledEntry>; timings: Map<string, number> }> {
  const precompiled: Record<string, PrecompiledEntry> = {};
  const timings = new Map<string, number>();
  const workspace = Workspace.open(root);
  // Smoke tests and JSON data too (listSourceFiles leaves them out); never a package's files.
  const files = (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => /\.(?:[cm]?[jt]sx?|json)$/.test(name) && !/\.d\.[cm]?ts$/.test(name))
    .filter((name) => !name.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.')))
    .map((name) => path.join(root, name));
  await Promise.all(
    files.map(async (filename) => {
      const source = readFileSync(filename, 'utf8');
      const started = performance.now();
      try {
        const label = workspace.displayPath(filename);
        const id = workspace.idOfFile(filename) ?? (label.replace(/\.[^./]+$/, '') as ModuleId);
        const compiled = await compileModule(id, filename, source, { compilerOptions, label });
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
