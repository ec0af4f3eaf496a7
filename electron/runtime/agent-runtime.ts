import { AppError, firstLine, type ErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import { compileModule, compileModuleSync, type CompiledModule, type CompileSettings } from './compile';
import { CompileCache } from './compile-cache';
import { DependencyGraph } from './dependency-graph';
import { evaluateInBatches, evaluateModule, interruptedLoad, type EvaluationHost } from './evaluate';
import type { HotData } from './hot-context';
import { importView } from './import-view';
import { isClass } from './is-class';
import { createLiveNamespace } from './live-namespace';
import type { ModuleVersion } from './module-version';
import { PrototypePatcher } from './patch-prototypes';
import { RegistrationTable } from './registrations';
import { ModuleRecord } from './module-record';
import { runWithTimeout } from './run-with-timeout';
import { processWithCwd } from './process-view';
import { closeParkedServers } from './resources/server-handover';
import type { ResourceReport } from './resources/version-resources';
import { resolveSpecifier } from './resolve-specifier';
import { staticDependencies } from './static-imports';
import { firstWorkspaceFrame, mapStack, type SourceMapper } from './source-mapper';
import type { Workspace } from './workspace';

export interface RuntimeOptions {
  /** Limit on a module's top-level evaluation (an endless loop at load fails with EVAL_TIMEOUT). */
  readonly evalTimeoutMs?: number;
  /** Limit on the synchronous part of a call made through `call()`. */
  readonly callTimeoutMs?: number;
  /**
   * The runtime owns this process (the CLI, the agent's own process): make the workspace root
   * the process's working directory, so packages (dotenv) and relative file reads see it too.
   * Otherwise only module code sees it, through its own `process.cwd()`.
   */
  readonly chdir?: boolean;
  /**
   * false: repair mode. Nothing of the agent's code is evaluated (the agent could not start);
   * files, history and rollbacks still work, and every attempt to run code fails AGENT_STOPPED.
   */
  readonly runCode?: boolean;
  /** Where esbuild's output is kept across opens (none: every open compiles every module). */
  readonly compileCacheDir?: string;
}

type ChangeListener = (ids: readonly ModuleId[]) => void;
type CallErrorListener = (version: ModuleVersion, error: unknown) => void;

/**
 * The agent runtime: loads a workspace's modules, keeps one live namespace per module, and offers
 * the primitives the reload and rollback engines build on (compile, instantiate without
 * publishing, publish, dispose). Runs under plain Node.
 */
export class AgentRuntime implements EvaluationHost {
  readonly workspace: Workspace;
  readonly graph = new DependencyGraph<ModuleId>();
  readonly evalTimeoutMs: number;
  readonly callTimeoutMs: number;
  private readonly records = new Map<ModuleId, ModuleRecord>();
  private readonly mappers = new Map<string, SourceMapper>();
  private readonly prototypes = new PrototypePatcher();
  private readonly compileCache: CompileCache | undefined;
  private readonly registrations = new RegistrationTable();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly callErrorListeners = new Set<CallErrorListener>();
  private entries: Set<ModuleId> | undefined;
  private readonly views = new WeakMap<ModuleVersion, Map<ModuleId, Record<PropertyKey, unknown>>>();
  /** Top-level awaits still running in modules loaded by open() or load(). */
  private unsettled: Promise<void>[] = [];
  /** Modules whose imports are being loaded first (loadInOrder). */
  private readonly deferred = new Set<ModuleId>();
  readonly processView: NodeJS.Process;
  /** false in repair mode: no module code runs in this runtime. */
  readonly runsCode: boolean;

  private constructor(workspace: Workspace, options: RuntimeOptions) {
    this.workspace = workspace;
    this.runsCode = options.runCode ?? true;
    this.evalTimeoutMs = options.evalTimeoutMs ?? 2000;
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    if (options.chdir === true) process.chdir(workspace.root);
    this.processView = options.chdir === true ? process : processWithCwd(workspace.root);
    this.compileCache = options.compileCacheDir === undefined ? undefined : new CompileCache(options.compileCacheDir);
  }

  get modulesDir(): string {
    return this.workspace.modulesDir;
  }

  /**
   * Opens a workspace and loads it from its entry modules, following imports as Node does
   * (every module when it has no entry). A module that fails is recorded, not fatal.
   */
  static async open(workspace: Workspace, options: RuntimeOptions = {}): Promise<AgentRuntime> {
    const runtime = new AgentRuntime(workspace, options);
    const ids = workspace.entryIds() ?? workspace.listModuleIds();
    // No change event: nobody can listen to a runtime before open returns it.
    if (runtime.runsCode) await runtime.loadInOrder(ids);
    return runtime;
  }

  /** An entry point of the workspace (what `node` would run); read once per runtime. */
  isEntry(id: ModuleId): boolean {
    if (this.entries === undefined) {
      try {
        this.entries = new Set(this.workspace.entryIds() ?? []);
      } catch {
        this.entries = new Set();
      }
    }
    return this.entries.has(id);
  }

  /** Ids of every module file in the workspace, loaded or not. */
  moduleIds(): ModuleId[] {
    const ids = new Set([...this.workspace.listModuleIds(), ...this.records.keys()]);
    return [...ids].sort();
  }

  record(id: ModuleId): ModuleRecord | undefined {
    return this.records.get(id);
  }

  current(id: ModuleId): ModuleVersion | undefined {
    return this.records.get(id)?.current;
  }

  /** The live namespace of a loaded module. */
  namespace(id: ModuleId): Record<PropertyKey, unknown> {
    return this.requireLoaded(id).namespace;
  }

  requireLoaded(id: ModuleId): ModuleRecord & { current: ModuleVersion } {
    const record = this.records.get(id);
    if (record?.current !== undefined) return record as ModuleRecord & { current: ModuleVersion };
    this.workspace.modulePath(id);
    this.assertRunsCode(id);
    throw new AppError('NOT_LOADED', `Module "${id}" is not loaded.`, {
      hint: record?.lastError ? `It failed to load: ${record.lastError.message}` : `Load it with /load ${id}.`,
    });
  }

  /** Loads a module that is not loaded yet (a file added since the workspace was opened). */
  async load(id: ModuleId): Promise<ModuleVersion> {
    this.assertRunsCode(id);
    if (this.records.get(id)?.current !== undefined) {
      throw new AppError('ALREADY_LOADED', `Module "${id}" is already loaded.`, {
        hint: 'Use /reload after editing its file.',
      });
    }
    const record = this.recordFor(id);
    record.lastError = null;
    await this.loadInOrder([id]);
    const version = record.current;
    this.emitChange([id]);
    // ensureLoaded records why it failed; TypeScript cannot see that through the call.
    const failure = record.lastError as ErrorInfo | null;
    if (version === undefined) throw AppError.fromInfo(failure ?? { code: 'EVAL_ERROR', message: `${id} failed to load.` });
    return version;
  }

  /** Compiles a module's file (or the given source) without touching what runs. */
  async compile(id: ModuleId, source?: string): Promise<CompiledModule> {
    const filename = this.workspace.modulePath(id);
    return compileModule(id, filename, source ?? this.workspace.readModuleSource(id, filename), this.compileSettings(filename));
  }

  /** The same, for a module first needed in the middle of evaluating another (an import). */
  private compileNowSync(id: ModuleId): CompiledModule {
    const filename = this.workspace.modulePath(id);
    return compileModuleSync(id, filename, this.workspace.readModuleSource(id, filename), this.compileSettings(filename));
  }

  /** How the workspace's tsconfig asks a file to be compiled, and its name in messages. */
  compileSettings(filename: string): CompileSettings {
    const settings = { compilerOptions: this.workspace.settings.compilerOptions, label: this.workspace.displayPath(filename) };
    return this.compileCache === undefined ? settings : { ...settings, cache: this.compileCache };
  }

  /** `instantiate`, then waits for a module's top-level awaits to finish. */
  async instantiateSettled(compiled: CompiledModule, data: HotData = {}): Promise<ModuleVersion> {
    const version = this.instantiate(compiled, data);
    await version.settled;
    return version;
  }

  /** Evaluates a candidate version without publishing it. Its imports resolve to live namespaces. */
  instantiate(compiled: CompiledModule, data: HotData = {}): ModuleVersion {
    this.assertRunsCode(compiled.id);
    this.mappers.set(compiled.filename, compiled.sourceMapper);
    try {
      return endOfEvaluation(evaluateModule(this, compiled, data));
    } finally {
      const current = this.records.get(compiled.id)?.current;
      if (current !== undefined) this.mappers.set(current.compiled.filename, current.compiled.sourceMapper);
    }
  }

  /**
   * Makes `version` the one every holder of the namespace calls. Instances of the previous
   * version's classes gain the new methods (their prototypes are patched in place).
   */
  publish(version: ModuleVersion): ModuleVersion | undefined {
    const record = this.recordFor(version.id);
    const previous = record.current;
    record.current = version;
    record.lastError = null;
    this.graph.setDependencies(version.id, version.imports);
    this.mappers.set(version.compiled.filename, version.compiled.sourceMapper);
    const classes = previous === undefined ? [] : this.prototypes.patch(previous.exports, version.exports);
    version.notCarried = [...classes, ...this.registrations.publish(version, version.id)];
    this.emitChange([version.id]);
    return previous;
  }

  /**
   * Runs a version's dispose callbacks, then releases what it started (timers, listeners,
   * servers, workers, child processes): `resources` says what was released and what was kept.
   * The data it was handed is carried forward, with what its callbacks wrote on top.
   */
  disposeVersion(version: ModuleVersion): { data: HotData; errors: unknown[]; resources: ResourceReport } {
    const data: HotData = {};
    const errors = version.hot.runDispose(data);
    return { data, errors, resources: version.resources.release() };
  }

  /** The modules a version named in `hot.accept(deps, cb)`, with their callbacks. */
  acceptedDependencies(version: ModuleVersion): Map<ModuleId, ((updated: unknown) => void)[]> {
    const accepted = new Map<ModuleId, ((updated: unknown) => void)[]>();
    for (const { specifiers, callback } of version.hot.dependencyAccepts) {
      for (const specifier of specifiers) {
        let id: ModuleId | null = null;
        try {
          const resolved = resolveSpecifier(this.workspace, specifier, version.compiled.filename);
          if (resolved.kind === 'workspace') id = this.workspace.idOfFile(resolved.file);
        } catch {
          // A specifier that names nothing accepts nothing.
        }
        if (id === null) continue;
        const callbacks = accepted.get(id) ?? [];
        if (callback !== undefined) callbacks.push(callback);
        accepted.set(id, callbacks);
      }
    }
    return accepted;
  }

  /**
   * Puts the previous code back in place of a candidate that was never published (or failed
   * to load): the candidate's dispose hands the data back, and the previous code is evaluated
   * again with it and published.
   */
  restorePrevious(previous: CompiledModule, candidate: ModuleVersion | undefined, data: HotData): ModuleVersion {
    const handedBack = candidate === undefined ? data : this.disposeVersion(candidate).data;
    const restored = this.instantiate(previous, handedBack);
    this.publish(restored);
    return restored;
  }

  /** Compiles new source for a loaded module and replaces it (see `replace`). */
  async swap(id: ModuleId, source?: string): Promise<ModuleVersion> {
    this.assertReplaceable(id);
    return this.replace(id, await this.compile(id, source));
  }

  /**
   * Replaces a loaded module in one synchronous step, so no call can run in between: dispose the
   * old version, evaluate the new one with the handed-over `hot.data`, publish. If the new version
   * fails to load, the old source is evaluated again with that data and published back.
   */
  replace(id: ModuleId, compiled: CompiledModule): ModuleVersion {
    const { current } = this.assertReplaceable(id);
    const { data } = this.disposeVersion(current);
    try {
      const next = this.instantiate(compiled, data);
      this.publish(next);
      return next;
    } catch (error) {
      this.publish(this.instantiate(current.compiled, data));
      throw error;
    }
  }

  /** Repair mode refuses everything that would evaluate the agent's code. */
  private assertRunsCode(id: ModuleId): void {
    if (this.runsCode) return;
    throw new AppError('AGENT_STOPPED', `The agent is stopped, so ${id} cannot run: nothing of the agent's code runs in repair mode.`, {
      hint: 'Roll back or fix the module, then start the agent again (Start agent in the panel, /start-agent in the session).',
    });
  }

  private assertReplaceable(id: ModuleId): ModuleRecord & { current: ModuleVersion } {
    const record = this.requireLoaded(id);
    if (record.current.hot.declined) {
      throw new AppError('DECLINED', `Module "${id}" declined live replacement (hot.decline()).`, {
        hint: 'Restart the agent to load the new code.',
      });
    }
    return record;
  }

  /** Calls an exported function through the live namespace, with a limit on its synchronous part. */
  async call(id: ModuleId, name: string, args: readonly unknown[]): Promise<unknown> {
    const namespace = this.namespace(id);
    const fn = namespace[name];
    if (typeof fn !== 'function' || isClass(fn)) {
      const functions = Object.keys(namespace).filter((key) => typeof namespace[key] === 'function');
      throw new AppError('NOT_A_FUNCTION', `${id}.${name} is not an exported function.`, {
        hint: `Exported functions: ${functions.join(', ') || '(none)'}.`,
      });
    }
    try {
      const started = performance.now();
      const result = runWithTimeout(fn as (...args: unknown[]) => unknown, namespace, [...args], this.callTimeoutMs);
      return await settleWithin(result, Math.max(1, this.callTimeoutMs - (performance.now() - started)), `${id}.${name}`);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const { message, location } = this.describeError(error);
      throw new AppError('CALL_ERROR', `${id}.${name} threw: ${message}${location ? ` (at ${location})` : ''}`, {
        cause: error,
      });
    }
  }

  onDidChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Errors thrown by any module's exported functions (the engines' probation watches these). */
  onCallError(listener: CallErrorListener): () => void {
    this.callErrorListeners.add(listener);
    return () => this.callErrorListeners.delete(listener);
  }

  /** The stack of an error from module code, with source lines; and the first frame in a module. */
  describeError(error: unknown): { message: string; location: string | null; stack: string } {
    const message = firstLine(error instanceof Error ? error.message : String(error));
    const rawStack = error instanceof Error ? (error.stack ?? message) : message;
    const stack = mapStack(rawStack, this.mappers);
    if (error instanceof Error) error.stack = stack;
    return { message, location: firstWorkspaceFrame(this.workspace, stack), stack };
  }

  importWorkspaceModule(importer: ModuleVersion, id: ModuleId): unknown {
    const record = this.recordFor(id);
    if (record.loading !== undefined || record.current !== undefined || this.deferred.has(id)) return this.viewFor(importer, id, record.namespace);
    const version = this.ensureLoaded(id);
    if (version === undefined) {
      throw new AppError('IMPORT_ERROR', `${importer.id} imports ${id}, which failed to load.`, {
        hint: record.lastError?.message ?? `Check ${id}.`,
      });
    }
    return this.viewFor(importer, id, record.namespace);
  }

  /** One view per importer and dependency, so `require('./x') === require('./x')` holds. */
  private viewFor(importer: ModuleVersion, id: ModuleId, namespace: Record<PropertyKey, unknown>): unknown {
    let views = this.views.get(importer);
    if (views === undefined) {
      views = new Map();
      this.views.set(importer, views);
    }
    let view = views.get(id);
    if (view === undefined) {
      view = importView(namespace, importer, id, this.registrations);
      views.set(id, view);
    }
    return view;
  }

  /** Disposes every loaded version (timers, listeners); the runtime is unusable afterwards. */
  close(): void {
    for (const record of this.records.values()) {
      if (record.current !== undefined) this.disposeVersion(record.current);
    }
    closeParkedServers();
    this.changeListeners.clear();
  }

  private recordFor(id: ModuleId): ModuleRecord {
    let record = this.records.get(id);
    if (record === undefined) {
      const created = new ModuleRecord(id);
      created.namespace = createLiveNamespace(() => created.current ?? created.loading, {
        onCallError: (version, error) => this.callErrorListeners.forEach((listener) => listener(version, error)),
      });
      record = created;
      this.records.set(id, record);
    }
    return record;
  }

  /**
   * Loads modules as ESM does: everything they import statically first (compiled in parallel,
   * wave by wave), each module after its imports, and a module with top-level await finished
   * before its importers run.
   */
  private async loadInOrder(ids: readonly ModuleId[]): Promise<void> {
    const seen = new Set(ids);
    for (let wave = [...ids]; wave.length > 0; ) {
      await Promise.all(wave.map((id) => this.precompile(id)));
      wave = wave.flatMap((id) => this.staticDependencies(id)).filter((id) => !seen.has(id) && seen.add(id));
    }
    // Depth first, each module after its imports, synchronously under one time limit per batch
    // (evaluateInBatches); a module with top-level await is finished before its importers run.
    const visited = new Set<ModuleId>();
    const roots = [...ids];
    const stack: { id: ModuleId; imports: ModuleId[] }[] = [];
    let settling = false;
    const step = (): boolean => {
      const top = stack.at(-1);
      const next = top === undefined ? roots.shift() : top.imports.shift();
      if (next !== undefined) {
        const record = this.recordFor(next);
        if (visited.has(next) || record.current !== undefined || record.lastError !== null) return true;
        visited.add(next);
        // Until its own turn, a module met again through a cycle is an empty namespace, as in ESM.
        this.deferred.add(next);
        stack.push({ id: next, imports: this.staticDependencies(next) });
        return true;
      }
      if (top === undefined) return false;
      stack.pop();
      this.deferred.delete(top.id);
      this.ensureLoaded(top.id);
      settling = this.unsettled.length > 0;
      return !settling;
    };
    try {
      do {
        settling = false;
        evaluateInBatches(this, step, (error) => this.failInterruptedLoads(error));
        if (settling) await this.settle();
      } while (settling);
    } finally {
      this.deferred.clear();
    }
  }

  /** Modules a batch's time limit stopped mid-load (the one that ran too long, and what it was importing). */
  private failInterruptedLoads(error: AppError): void {
    for (const record of this.records.values()) {
      if (record.loading === undefined) continue;
      record.fail(interruptedLoad(this, record.loading, error));
      record.loading = undefined;
    }
  }

  private staticDependencies(id: ModuleId): ModuleId[] {
    const compiled = this.records.get(id)?.pending;
    return compiled === undefined ? [] : staticDependencies(this.workspace, compiled);
  }

  private async precompile(id: ModuleId): Promise<void> {
    const record = this.recordFor(id);
    if (record.current !== undefined || record.pending !== undefined || record.lastError !== null) return;
    try {
      record.pending = await this.compile(id);
    } catch (error) {
      record.fail(error);
    }
  }

  /** Evaluates and publishes a module's pending (or freshly compiled) code; undefined on failure. */
  private ensureLoaded(id: ModuleId): ModuleVersion | undefined {
    const record = this.recordFor(id);
    if (record.current !== undefined) return record.current;
    if (record.lastError !== null) return undefined;
    try {
      const compiled = record.pending ?? this.compileNowSync(id);
      record.pending = undefined;
      this.mappers.set(compiled.filename, compiled.sourceMapper);
      // Visible as `loading` while it evaluates, so a module in an import cycle sees it.
      const version = endOfEvaluation(evaluateModule(this, compiled, {}, (started) => (record.loading = started)));
      this.publish(version);
      if (version.settled !== undefined) this.unsettled.push(this.watchSettled(record, version));
      return record.current;
    } catch (error) {
      record.fail(error);
      return undefined;
    } finally {
      record.loading = undefined;
    }
  }

  /** A module whose top-level await fails did not load: it is taken back out. */
  private async watchSettled(record: ModuleRecord, version: ModuleVersion): Promise<void> {
    try {
      await version.settled;
    } catch (error) {
      if (record.current === version) record.current = undefined;
      record.fail(error);
    }
  }

  private async settle(): Promise<void> {
    while (this.unsettled.length > 0) await Promise.all(this.unsettled.splice(0));
  }

  private emitChange(ids: readonly ModuleId[]): void {
    for (const listener of this.changeListeners) listener(ids);
  }
}

/** Reads of imports are noted until a version's top-level code (its awaits too) has finished. */
function endOfEvaluation(version: ModuleVersion): ModuleVersion {
  if (version.settled === undefined) version.evaluating = false;
  else version.settled.then(() => (version.evaluating = false), () => (version.evaluating = false));
  return version;
}

/**
 * The session, the CLI and the host wait for a call's promise only so long: one that never
 * settles fails with CALL_TIMEOUT instead of blocking them (its work may go on in the background).
 */
async function settleWithin(result: unknown, ms: number, what: string): Promise<unknown> {
  if (!(result instanceof Promise)) return result;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new AppError('CALL_TIMEOUT', `${what} has not settled after ${Math.round(ms)} ms; stopped waiting.`, { hint: 'Its work may still finish in the background; a call from the session or the panel must settle within the call limit.' }));
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([result, limit]);
  } finally {
    clearTimeout(timer);
  }
}
