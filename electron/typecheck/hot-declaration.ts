/**
 * The `hot` object the runtime puts in every module's scope (electron/runtime/hot-context.ts),
 * declared for projects that do not declare it themselves (the demo ships the same shape as
 * modules/saraphina.d.ts). A virtual file: it is never written into the workspace.
 */
export const HOT_DECLARATION_FILE = '__saraphina_hot__.d.ts';

export const HOT_DECLARATION = `
interface SaraphinaListenable {
  on?(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener: (...args: never[]) => void): unknown;
  addEventListener?(event: string, listener: (...args: never[]) => void): unknown;
  removeEventListener?(event: string, listener: (...args: never[]) => void): unknown;
}
interface SaraphinaHot {
  readonly data: Record<string, unknown>;
  dispose(callback: (data: Record<string, unknown>) => void): void;
  decline(): void;
  accept(): void;
  accept(callback: (updated: any) => void): void;
  accept(deps: string | readonly string[], callback?: (updated: any) => void): void;
  invalidate(message?: string): void;
  setTimeout(callback: () => void, ms?: number): ReturnType<typeof setTimeout>;
  setInterval(callback: () => void, ms?: number): ReturnType<typeof setInterval>;
  clearTimer(timer: ReturnType<typeof setTimeout> | undefined): void;
  on(target: SaraphinaListenable, event: string, listener: (...args: never[]) => void): void;
}
declare const hot: SaraphinaHot;
`;
