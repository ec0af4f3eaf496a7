import { EventEmitter } from 'node:events';
import type { ModuleId } from '../../shared/ids';
import { isClass } from './is-class';
import type { ModuleVersion } from './module-version';
import { REGISTRATION_METHODS, type RegistrationTable } from './registrations';

/**
 * What an importer gets for a workspace import: the dependency's live namespace, seen through a
 * view that notes — only while the importer's top-level code runs — which exports it read as
 * values and whether it listed the export names. Reads of functions and classes are not noted:
 * those stay live. The notes decide whether the importer must re-run when the dependency
 * reloads (see rerun-reason.ts). An object export read at load (a framework's `app`, `server`,
 * `router`) comes wrapped so that handlers registered on it go through the registration table.
 * After load the view only forwards.
 */
export function importView(
  namespace: Record<PropertyKey, unknown>,
  importer: ModuleVersion,
  dependency: ModuleId,
  registrations: RegistrationTable,
): Record<PropertyKey, unknown> {
  const recorders = new WeakMap<object, object>();
  return new Proxy(namespace, {
    get: (target, property) => {
      const value = Reflect.get(target, property) as unknown;
      if (!importer.evaluating || typeof value === 'function' || typeof property !== 'string' || property === '__esModule') return value;
      const values = importer.readsOf(dependency).values;
      if (!values.has(property)) values.set(property, value);
      return isFrameworkObject(value) ? recorderFor(value, importer, registrations, recorders) : value;
    },
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target);
      if (importer.evaluating) importer.readsOf(dependency).keys = keys;
      return keys;
    },
  });
}

/** Objects handlers are registered on; not data (arrays, maps, promises) and not emitters. */
function isFrameworkObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  return !(value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise || value instanceof Date || value instanceof RegExp || value instanceof Error);
}

/** EventEmitter and EventTarget listeners belong to the version's resources, released on dispose. */
function isListenerMethod(target: object, method: string): boolean {
  return (method === 'on' || method === 'once') && (target instanceof EventEmitter || target instanceof EventTarget);
}

function recorderFor(object: object, importer: ModuleVersion, registrations: RegistrationTable, recorders: WeakMap<object, object>): object {
  let recorder = recorders.get(object);
  if (recorder !== undefined) return recorder;
  const methods = new Map<PropertyKey, unknown>();
  recorder = new Proxy(object, {
    get: (target, property) => {
      const value = Reflect.get(target, property) as unknown;
      if (!importer.evaluating) return value;
      if (typeof value !== 'function') return isFrameworkObject(value) ? recorderFor(value, importer, registrations, recorders) : value;
      if (isClass(value)) return value;
      // Methods run on the object itself (its #private fields are not on the proxy).
      let method = methods.get(property);
      if (method === undefined) {
        const fn = value as (...args: unknown[]) => unknown;
        const registering = typeof property === 'string' && REGISTRATION_METHODS.has(property) && !isListenerMethod(target, property);
        method = registering
          ? (...args: unknown[]): unknown => registrations.call(importer, importer.id, target, property, fn, args)
          : (...args: unknown[]): unknown => Reflect.apply(fn, target, args);
        methods.set(property, method);
      }
      return method;
    },
  });
  recorders.set(object, recorder);
  return recorder;
}
