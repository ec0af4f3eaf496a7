import type { ModuleId } from '../../shared/ids';
import type { ModuleVersion } from './module-version';

/**
 * Why `importer` must run its top-level code again now that `dependency` is `updated`, or null
 * when live bindings already give it the new code. It must when, at load, it read a value
 * export that is now a different value (a config object, a constant, an object another module
 * made), or listed the exports (`export *`) and the names changed, or the new version called
 * `hot.invalidate()`, or called one of its functions (what a call at load returned — a closure,
 * an object — was made by the old code). Functions and classes it only read stay live.
 */
export function rerunReason(importer: ModuleVersion, dependency: ModuleId, updated: ModuleVersion): string | null {
  if (updated.hot.invalidated !== null) return `${dependency} called hot.invalidate(): ${updated.hot.invalidated}`;
  const reads = importer.reads.get(dependency);
  if (reads === undefined) return null;
  const changed = [...reads.values].filter(([name, seen]) => !Object.is(seen, updated.exports[name])).map(([name]) => String(name));
  if (changed.length > 0) return `it read ${changed.map((name) => `\`${name}\``).join(', ')} from ${dependency} at load, and that value changed`;
  if (reads.called.size > 0) {
    const names = [...reads.called].map((name) => `\`${name}\``).join(', ');
    return `it called ${names} from ${dependency} at load, so what it keeps from those calls is the old code's`;
  }
  if (reads.keys !== null) {
    const before = new Set(reads.keys);
    const now = Reflect.ownKeys(updated.exports);
    if (now.length !== before.size || now.some((key) => !before.has(key))) return `it listed ${dependency}'s exports at load (export * or a default import), and they changed`;
  }
  return null;
}
