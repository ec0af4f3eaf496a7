import type { ModuleId } from '../../shared/ids';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Methods that register a handler with a framework object (`app.command('/x', fn)`, MCP
 * `server.tool(name, fn)`, `router.get('/p', fn)`, a bot's `on('message', fn)`). EventEmitter
 * and EventTarget listeners are the version's own resources, released on dispose, so not here.
 */
export const REGISTRATION_METHODS: ReadonlySet<string> = new Set([
  'command', 'tool', 'registerTool', 'prompt', 'registerPrompt', 'resource', 'registerResource',
  'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route',
  'handle', 'handler', 'addHandler', 'action', 'event', 'message', 'hears', 'shortcut', 'view',
  'register', 'subscribe', 'middleware', 'hook', 'addHook', 'on', 'once',
]);

/** A call made at load, whose handlers now run through forwarders the next version can retarget. */
interface Registration {
  readonly target: WeakRef<object>;
  readonly method: string;
  readonly key: string;
  readonly forwarders: Forwarder[];
  readonly result: unknown;
}

interface Forwarder {
  readonly fn: AnyFunction;
  current: AnyFunction;
}

/**
 * Per module, the registrations its published version made at load. A new version that makes
 * the same call (same object, method and non-function arguments) does not register again: the
 * forwarders handed to the framework the first time now call its handlers, so every event is
 * handled once, by the new code. Calls the new version no longer makes are switched off.
 */
export class RegistrationTable {
  private readonly published = new Map<ModuleId, Registration[]>();
  private readonly made = new WeakMap<object, { module: ModuleId; list: Registration[]; claimed: Set<Registration> }>();

  /** The registration call `target[method](...args)` made by version `owner` of `module` while it loads. */
  call(owner: object, module: ModuleId, target: object, method: string, original: AnyFunction, args: unknown[]): unknown {
    if (!args.some((arg) => typeof arg === 'function')) return Reflect.apply(original, target, args);
    let state = this.made.get(owner);
    if (state === undefined) {
      state = { module, list: [], claimed: new Set() };
      this.made.set(owner, state);
    }
    const key = keyOf(args);
    const previous = (this.published.get(state.module) ?? []).find(
      (entry) => !state.claimed.has(entry) && entry.method === method && entry.key === key && entry.target.deref() === target && entry.forwarders.length === countFunctions(args),
    );
    if (previous !== undefined) {
      state.claimed.add(previous);
      const fns = args.filter((arg): arg is AnyFunction => typeof arg === 'function');
      previous.forwarders.forEach((forwarder, index) => (forwarder.current = fns[index] as AnyFunction));
      state.list.push(previous);
      return previous.result;
    }
    const forwarders: Forwarder[] = [];
    const forwarded = args.map((arg) => (typeof arg === 'function' ? forwarderFor(arg as AnyFunction, forwarders) : arg));
    const result = Reflect.apply(original, target, forwarded);
    state.list.push({ target: new WeakRef(target), method, key, forwarders, result });
    return result;
  }

  /**
   * `owner` is published for `module`: its registrations become the ones a next version claims;
   * those of the previous version it did not make again are switched off, and named.
   */
  publish(owner: object, module: ModuleId): string[] {
    const state = this.made.get(owner);
    const before = this.published.get(module) ?? [];
    const now = state?.list ?? [];
    const kept = new Set(now);
    const dropped = before.filter((entry) => !kept.has(entry));
    for (const entry of dropped) for (const forwarder of entry.forwarders) forwarder.current = () => undefined;
    if (now.length === 0) this.published.delete(module);
    else this.published.set(module, now);
    return dropped.map((entry) => `${module} no longer calls ${entry.method}(${entry.key.slice(1, -1)}): the handler it registered before does nothing now`);
  }
}

function forwarderFor(fn: AnyFunction, forwarders: Forwarder[]): AnyFunction {
  const forwarder: Forwarder = {
    current: fn,
    fn: function (this: unknown, ...args: unknown[]): unknown {
      return Reflect.apply(forwarder.current, this, args);
    },
  };
  Object.defineProperty(forwarder.fn, 'name', { value: fn.name });
  Object.defineProperty(forwarder.fn, 'length', { value: fn.length });
  forwarders.push(forwarder);
  return forwarder.fn;
}

function countFunctions(args: readonly unknown[]): number {
  return args.filter((arg) => typeof arg === 'function').length;
}

/** The arguments that name the registration (a command, a path, a tool's name and schema). */
function keyOf(args: readonly unknown[]): string {
  return JSON.stringify(args.filter((arg) => typeof arg !== 'function').map((arg) => describe(arg)));
}

function describe(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'symbol' ? String(value) : value;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return '[object]';
  }
}
