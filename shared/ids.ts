/** Branded primitives keep ids and hashes from being mixed up at compile time. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/**
 * A workspace module id: the module's path relative to the source root, without extension,
 * `/`-separated (`tools/echo`, `services/user.service`; JSON data keeps `.json`).
 */
export type ModuleId = Brand<string, 'ModuleId'>;
/** Full lower-case SHA-256 hex digest. */
export type Sha256 = Brand<string, 'Sha256'>;
export type VersionId = Brand<string, 'VersionId'>;
export type ProposalId = Brand<string, 'ProposalId'>;

const SEGMENT = /^[A-Za-z0-9_$@+\-[\]()][A-Za-z0-9_$@+\-[\]().]*$/;

/** True when `value` has the shape of a module id: `/`-separated names, no `..`, no leading `/`. */
export function isModuleIdShape(value: string): value is ModuleId {
  if (value.length === 0 || value.length > 512) return false;
  return value.split('/').every((segment) => SEGMENT.test(segment) && !/^\.+$/.test(segment));
}

export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
