/**
 * Ambient types for the `hot` object the Saraphina runtime puts in every module's scope
 * (HotContext in the control panel's runtime). This file is a script, not a module: no imports
 * or exports, so `hot` is visible everywhere in src/ without an import.
 */

/** An EventEmitter (on/off) or an EventTarget (addEventListener/removeEventListener). */
interface SaraphinaListenable {
  on?(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener: (...args: never[]) => void): unknown;
  addEventListener?(event: string, listener: (...args: never[]) => void): unknown;
  removeEventListener?(event: string, listener: (...args: never[]) => void): unknown;
}

interface SaraphinaHot {
  /** State handed over from the previous version of this module (filled by its dispose callbacks). */
  readonly data: Record<string, unknown>;
  /** Runs before this version is replaced; write what the next version needs into `data`. */
  dispose(callback: (data: Record<string, unknown>) => void): void;
  /** Refuses live replacement: a new version needs an agent restart. */
  decline(): void;
  /** A boundary: a dependency's reload never re-runs this module (it reads what it needs live). */
  accept(): void;
  /** After this module is replaced, `callback` runs on the old version with the new namespace. */
  accept(callback: (updated: any) => void): void;
  /** When one of `deps` (specifiers as imported) reloads, `callback` gets its namespace instead of a re-run. */
  accept(deps: string | readonly string[], callback?: (updated: any) => void): void;
  /** This version cannot take the change: the modules importing it re-run. */
  invalidate(message?: string): void;
  /** Timers and listeners made here are released when this version is disposed. */
  setTimeout(callback: () => void, ms?: number): NodeJS.Timeout;
  setInterval(callback: () => void, ms?: number): NodeJS.Timeout;
  clearTimer(timer: NodeJS.Timeout | undefined): void;
  on(target: SaraphinaListenable, event: string, listener: (...args: never[]) => void): void;
}

declare const hot: SaraphinaHot;
