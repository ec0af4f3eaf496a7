import type { ModuleId } from '../../shared/ids';
import type { CompiledModule } from './compile';
import type { HotContext } from './hot-context';
import { VersionResources } from './resources/version-resources';

export interface ModuleObject {
  exports: Record<PropertyKey, unknown>;
}

/** One evaluated version of a module. Old versions are dropped once replaced and disposed. */
export class ModuleVersion {
  readonly compiled: CompiledModule;
  readonly hot: HotContext;
  readonly module: ModuleObject = { exports: {} };
  /** Workspace modules this version imported (recorded as it ran). */
  readonly imports = new Set<ModuleId>();
  /** Paths of native addons (.node files) it loaded, directly or through a package. */
  readonly nativeAddons = new Set<string>();
  /** Calls into its exported functions that have not returned or settled yet. */
  inFlight = 0;
  readonly evaluatedAt = Date.now();
  /** For a module with top-level await: settles when its top-level code has finished. */
  settled: Promise<void> | undefined;
  /** What it started that outlives its top-level code (servers, listeners, workers, …). */
  readonly resources: VersionResources;

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
}
