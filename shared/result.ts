import type { ErrorInfo } from './errors';

/** The envelope every request answers with, over Electron IPC and over the WebSocket alike. */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(error: ErrorInfo): Envelope<never> {
  return { ok: false, error };
}
