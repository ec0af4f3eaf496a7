/** Branded primitives keep ids and hashes from being mixed up at compile time. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A workspace module id: the file stem of `modules/<id>.ts`. */
export type ModuleId = Brand<string, 'ModuleId'>;
/** Full lower-case SHA-256 hex digest. */
export type Sha256 = Brand<string, 'Sha256'>;
export type VersionId = Brand<string, 'VersionId'>;
export type ProposalId = Brand<string, 'ProposalId'>;

const MODULE_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** True when `value` has the shape of a module id (no dots, slashes or other path syntax). */
export function isModuleIdShape(value: string): value is ModuleId {
  return MODULE_ID.test(value);
}

export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
