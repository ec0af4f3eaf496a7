import type { ModuleId } from '../../shared/ids';
import type { ModuleVersion } from './module-version';

/**
 * What an importer gets for a workspace import: the dependency's live namespace, seen through a
 * view that notes — only while the importer's top-level code runs — which exports it read as
 * values and whether it listed the export names. Reads of functions and classes are not noted:
 * those stay live. The notes decide whether the importer must re-run when the dependency
 * reloads (see rerun-reason.ts); after load the view only forwards.
 */
export function importView(namespace: Record<PropertyKey, unknown>, importer: ModuleVersion, dependency: ModuleId): Record<PropertyKey, unknown> {
  return new Proxy(namespace, {
    get: (target, property) => {
      const value = Reflect.get(target, property) as unknown;
      if (importer.evaluating && typeof value !== 'function' && typeof property === 'string' && property !== '__esModule') {
        const values = importer.readsOf(dependency).values;
        if (!values.has(property)) values.set(property, value);
      }
      return value;
    },
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target);
      if (importer.evaluating) importer.readsOf(dependency).keys = keys;
      return keys;
    },
  });
}
