/** What a module version can start that outlives its top-level code. */
export type ResourceKind =
  | 'process listener'
  | 'listener'
  | 'abort listener'
  | 'server'
  | 'socket'
  | 'worker'
  | 'child process'
  | 'timer promise';

export interface ResourceNote {
  readonly kind: ResourceKind;
  /** Names it the way the user wrote it: `process.on('SIGTERM')`, `http server :8080`. */
  readonly name: string;
}

/** A resource left running on purpose, and why (it finishes on the old code, then ends). */
export interface KeptResource extends ResourceNote {
  readonly reason: string;
}

/** What releasing a replaced version did: shown on the reload result. */
export interface ResourceReport {
  readonly released: readonly ResourceNote[];
  readonly kept: readonly KeptResource[];
}
