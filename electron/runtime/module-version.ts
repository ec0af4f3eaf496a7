import type { ModuleId } from '../../shared/ids';
import type { CompiledModule } from './compile';
import type { HotContext } from './hot-context';
import { isClass } from './is-class';
import { VersionResources } from './resources/version-resources';

export interface ModuleObject {
  exports: Record<PropertyKey, unknown>;
}

/** A call into an exported function that has not returned or settled yet. */
export interface RunningCall {
  readonly name: string;
  readonly startedAt: number;
}

/** What a module read from one of its imports while its top-level code ran. */
export interface ImportReads {
  /** Exports read as values (not functions or classes), with the value seen. */
  readonly values: Map<PropertyKey, unknown>;
  /** The export names it saw when it listed them (`export *`, default interop); null if never. */
  keys: readonly PropertyKey[] | null;
  /** Exported functions it called that gave it code (a closure, an object's own methods): the old code's. */
  readonly called: Set<string>;
}

/** Versions whose top-level code is running now, innermost last (the synchronous part). */
const loading: ModuleVersion[] = [];

/** Runs `load` as `version`'s top-level code, so calls it makes into other modules are noted. */
export function whileLoading<T>(version: ModuleVersion, load: () => T): T {
  loading.push(version);
  try {
    return load();
  } finally {
    loading.pop();
  }
}

/** Runs `run`, then drops what code a time limit stopped inside it left on the loading stack. */
export function keepingLoadingStack<T>(run: () => T): T {
  const depth = loading.length;
  try {
    return run();
  } finally {
    loading.length = depth;
  }
}

/**
 * For a call the top-level code running now (if any) makes into `dependency`: what notes that it
 * got code made by that version from export `name`, so that it re-runs when the module reloads.
 * It is given the call's result, or what an async function's result resolves to (`const server
 * = await createServer()`, `createApp().then(…)`).
 */
export function callAtLoad(dependency: ModuleVersion, name: string): ((result: unknown, failed?: boolean) => void) | null {
  const caller = loading.at(-1);
  if (caller === undefined || caller.id === dependency.id) return null;
  // A call that threw or rejected counts too: what the importer made of that failure (no server, a fallback) is the old code's doing.
  return (result, failed = false) => {
    if (failed || holdsCode(result, dependency.exports)) caller.readsOf(dependency.id).called.add(name);
  };
}

/** Data that holds no code, whatever made it. */
const PLAIN_DATA = [Date, RegExp, ArrayBuffer, Error] as const;

/**
 * Whether `value` may hold the old code: a function (a closure), an object or collection with
 * functions in it, or an instance of a class other than one `exports` has — such an object (an
 * `http.Server`, a bot client, an `McpServer` with its tools registered) keeps the handlers the
 * old code gave it. An instance of an exported class does not count: prototype patching gives it
 * the new methods.
 */
function holdsCode(value: unknown, exports: Record<PropertyKey, unknown>): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  try {
    if (prototype === Object.prototype || prototype === null) return Object.values(value).some(isFunction);
    if (Array.isArray(value)) return value.some(isFunction);
    if (value instanceof Map || value instanceof Set) return [...value.values()].some(isFunction);
    if (ArrayBuffer.isView(value) || PLAIN_DATA.some((type) => value instanceof type)) return false;
    return !Object.values(exports).some((exported) => isClass(exported) && value instanceof (exported as new () => unknown));
  } catch {
    return false; // a getter that throws: nothing to tell from it
  }
}

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

/** One evaluated version of a module. Old versions are dropped once replaced and disposed. */
export class ModuleVersion {
  readonly compiled: CompiledModule;
  readonly hot: HotContext;
  readonly module: ModuleObject = { exports: {} };
  /** Workspace modules this version imported (recorded as it ran). */
  readonly imports = new Set<ModuleId>();
  /** Per imported module, what its top-level code read (decides whether it re-runs). */
  readonly reads = new Map<ModuleId, ImportReads>();
  /** Paths of native addons (.node files) it loaded, directly or through a package. */
  readonly nativeAddons = new Set<string>();
  /** Calls into its exported functions that have not returned or settled yet. */
  readonly running = new Set<RunningCall>();
  readonly evaluatedAt = Date.now();
  /** True while its top-level code runs (reads of imports are recorded only then). */
  evaluating = true;
  /** For a module with top-level await: settles when its top-level code has finished. */
  settled: Promise<void> | undefined;
  /** What it started that outlives its top-level code (servers, listeners, workers, …). */
  readonly resources: VersionResources;
  /** What could not be carried over when it was published (class members, registrations), by name. */
  notCarried: string[] = [];
  /** Set when the version is replaced and its late calls are given up on: they reject with it. */
  abandoned: Error | undefined;
  private readonly abandonListeners = new Set<(error: Error) => void>();
  private readonly callEndListeners = new Set<(call: RunningCall) => void>();

  constructor(compiled: CompiledModule, hot: HotContext) {
    this.compiled = compiled;
    this.hot = hot;
    this.resources = new VersionResources(this);
  }

  get id(): ModuleId {
    return this.compiled.id;
  }

  /** `module.exports`, read live: during evaluation it fills up, and a module may reassign it. */
  get exports(): Record<PropertyKey, unknown> {
    return this.module.exports;
  }

  get inFlight(): number {
    return this.running.size;
  }

  readsOf(id: ModuleId): ImportReads {
    let reads = this.reads.get(id);
    if (reads === undefined) {
      reads = { values: new Map(), keys: null, called: new Set() };
      this.reads.set(id, reads);
    }
    return reads;
  }

  /** A running call returned, threw or settled: it no longer counts, and whoever follows late calls is told. */
  endCall(call: RunningCall): void {
    // Every call ends here: nothing is allocated unless a reload follows this version's late calls.
    if (!this.running.delete(call) || this.callEndListeners.size === 0) return;
    for (const listener of [...this.callEndListeners]) listener(call);
  }

  onCallEnded(listener: (call: RunningCall) => void): () => void {
    this.callEndListeners.add(listener);
    return () => this.callEndListeners.delete(listener);
  }

  /** Rejects every call still waiting on this version with `error` (they no longer block anyone). */
  abandon(error: Error): void {
    if (this.abandoned !== undefined) return;
    this.abandoned = error;
    for (const listener of this.abandonListeners) listener(error);
    this.abandonListeners.clear();
  }

  onAbandon(listener: (error: Error) => void): () => void {
    if (this.abandoned !== undefined) {
      listener(this.abandoned);
      return () => undefined;
    }
    this.abandonListeners.add(listener);
    return () => this.abandonListeners.delete(listener);
  }
}
