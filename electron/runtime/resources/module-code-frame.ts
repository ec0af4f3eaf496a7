type AnyFunction = (...args: never[]) => unknown;

/** Who called a hook, as its nearest caller outside Node's own code. */
export type Caller = { readonly kind: 'module' } | { readonly kind: 'package'; readonly name: string } | { readonly kind: 'app' };

/** The files workspace module code is compiled from: their frames are module code. */
const moduleFiles = new Set<string>();

export function noteModuleFile(file: string): void {
  moduleFiles.add(file);
}

/** The file of a V8 stack frame: `at fn (/a/b.ts:1:2)` or `at /a/b.ts:1:2`. */
const FRAME_FILE = /^at (?:.*\()?(.+?):\d+:\d+\)?$/;
const PACKAGE = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/;

/**
 * The nearest caller of `hook` that is module code or a package (by name), looking through
 * Node's own frames and the runtime's (an import's recording proxy, a live binding); `app` when
 * neither is near. Asked only where a resource starts.
 */
export function nearestCaller(hook: AnyFunction): Caller {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  Error.captureStackTrace(holder, hook);
  Error.stackTraceLimit = limit;
  for (const frame of (holder.stack ?? '').split('\n').slice(1)) {
    if (/[( ]node:/.test(frame)) continue;
    const file = FRAME_FILE.exec(frame.trim())?.[1];
    if (file === undefined) continue;
    if (moduleFiles.has(file)) return { kind: 'module' };
    const name = PACKAGE.exec(file)?.[1];
    if (name !== undefined) return { kind: 'package', name: name.replace(/\\/g, '/') };
  }
  return { kind: 'app' };
}

/**
 * Whether module code itself made the call: a package that sets itself up lazily on first use
 * (a shared emitter's listener, an exit hook) keeps that for every version, and the app's own
 * listeners are not a version's either, so neither is the version's to remove.
 */
export function addedByModuleCode(hook: AnyFunction): boolean {
  return nearestCaller(hook).kind === 'module';
}
