import { Console } from 'node:console';
import { Writable } from 'node:stream';
import type { AgentLogLevel, AgentLogStream } from '../../shared/agent-log';
import type { ModuleId } from '../../shared/ids';
import type { EvaluationHost } from './evaluate';
import { runUnowned } from './resources/owner-context';
import type { Workspace } from './workspace';

/** Receives what module code prints, named by the module that printed it. */
export interface ModuleOutputSink {
  write(line: { readonly module: ModuleId; readonly level: AgentLogLevel; readonly stream: AgentLogStream; readonly text: string }): void;
}

// Keyed by the workspace the runtime was opened on, so output is captured from the first module
// that loads (the sink is set before the runtime opens) without the runtime knowing about logs.
const sinks = new WeakMap<Workspace, ModuleOutputSink>();

/** From now on, module code of this workspace prints into `sink` instead of the process's stdout/stderr. */
export function captureModuleOutput(workspace: Workspace, sink: ModuleOutputSink): () => void {
  sinks.set(workspace, sink);
  return () => {
    if (sinks.get(workspace) === sink) sinks.delete(workspace);
  };
}

/**
 * What module code sees as `process` (the version's own view of it, `processView`) and `console`:
 * without a sink, those as they are (output goes to the process as before); with one, a console and stdout/stderr whose writes go to the sink.
 * Bound lexically, so a timer or a callback that prints later is still named by its module.
 */
export function moduleOutputScope(host: EvaluationHost, module: ModuleId, processView: NodeJS.Process = host.processView): [NodeJS.Process, Console] {
  const sink = sinks.get(host.workspace);
  if (sink === undefined) return [processView, console];
  const write = (level: AgentLogLevel, stream: AgentLogStream) => (text: string) => sink.write({ module, level, stream, text });
  return [processWriting(processView, write('info', 'stdout'), write('error', 'stderr')), consoleOf(sink, module, write)];
}

/**
 * One console per sink and module, shared by the module's versions: it names only the module,
 * and three consoles with six streams per reload were a good part of a reload's garbage.
 */
const consoles = new WeakMap<ModuleOutputSink, Map<ModuleId, Console>>();

function consoleOf(sink: ModuleOutputSink, module: ModuleId, write: (level: AgentLogLevel, stream: AgentLogStream) => (text: string) => void): Console {
  let bySink = consoles.get(sink);
  if (bySink === undefined) {
    bySink = new Map();
    consoles.set(sink, bySink);
  }
  let found = bySink.get(module);
  if (found === undefined) {
    found = lazily(() => consoleWriting(write));
    bySink.set(module, found);
  }
  return found;
}

/**
 * The console made when module code first touches it: three consoles with six streams for each
 * of 1,000 modules were a fifth of opening a workspace, and most modules never print.
 */
function lazily(make: () => Console): Console {
  let made: Console | undefined;
  const real = (): Console => (made ??= make());
  return new Proxy(Object.create(Console.prototype) as Console, {
    get: (_target, property) => Reflect.get(real(), property),
    set: (_target, property, value) => Reflect.set(real(), property, value),
    has: (_target, property) => Reflect.has(real(), property),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), property);
      // A proxy may not report as configurable what its target does not have.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, property, descriptor) => Reflect.defineProperty(real(), property, descriptor),
    deleteProperty: (_target, property) => Reflect.deleteProperty(real(), property),
  });
}

function consoleWriting(write: (level: AgentLogLevel, stream: AgentLogStream) => (text: string) => void): Console {
  const consoleFor = (out: AgentLogLevel, err: AgentLogLevel): Console =>
    new Console({ stdout: lineStream(write(out, 'console')), stderr: lineStream(write(err, 'console')), colorMode: false });
  // console.log/info/table/dir → info, console.error/assert → error; debug and warn have their own levels.
  const moduleConsole = consoleFor('info', 'error');
  const debug = consoleFor('debug', 'debug');
  const warn = consoleFor('warn', 'warn');
  moduleConsole.debug = debug.debug;
  moduleConsole.trace = debug.trace;
  moduleConsole.warn = warn.warn;
  // Printing is the app's work, not the version's: the listeners Console adds to its stream on
  // each write are no version's to track.
  const methods = moduleConsole as unknown as Record<string, unknown>;
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method === 'function') methods[name] = (...args: unknown[]): unknown => runUnowned(() => Reflect.apply(method, moduleConsole, args));
  }
  return moduleConsole;
}

/** A stream that hands each write to `line`, without its final newline. */
function lineStream(line: (text: string) => void): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: unknown, _encoding, done) {
      line(String(chunk).replace(/\r?\n$/, ''));
      done();
    },
  });
}

function processWriting(view: NodeJS.Process, stdout: (text: string) => void, stderr: (text: string) => void): NodeJS.Process {
  const out = streamWriting(view.stdout, stdout);
  const err = streamWriting(view.stderr, stderr);
  return new Proxy(view, {
    get: (target, property) => (property === 'stdout' ? out : property === 'stderr' ? err : Reflect.get(target, property, target)),
  });
}

/** The real stream for everything but `write` (isTTY, columns, listeners), so code that inspects it still works. */
function streamWriting<S extends NodeJS.WriteStream>(stream: S, line: (text: string) => void): S {
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    line(typeof chunk === 'string' ? chunk.replace(/\r?\n$/, '') : Buffer.from(chunk as Uint8Array).toString('utf8').replace(/\r?\n$/, ''));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  };
  return new Proxy(stream, {
    get: (target, property) => (property === 'write' ? write : Reflect.get(target, property, target)),
  });
}
