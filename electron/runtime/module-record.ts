import { toErrorInfo, type ErrorInfo } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { CompiledModule } from './compile';
import type { ModuleVersion } from './module-version';

/** Everything the runtime knows about one module id, across its versions. */
export class ModuleRecord {
  readonly id: ModuleId;
  /** The version every holder of `namespace` calls. */
  current: ModuleVersion | undefined;
  /** The version being evaluated for the first time (visible to import cycles). */
  loading: ModuleVersion | undefined;
  /** Compiled at open, evaluated when first needed. */
  pending: CompiledModule | undefined;
  /** Why the last load failed; cleared by a successful publish. */
  lastError: ErrorInfo | null = null;
  namespace: Record<PropertyKey, unknown> = {};

  constructor(id: ModuleId) {
    this.id = id;
  }

  fail(error: unknown): void {
    this.pending = undefined;
    this.lastError = toErrorInfo(error);
  }
}
