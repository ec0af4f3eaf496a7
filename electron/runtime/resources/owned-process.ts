import { AppError } from '../../../shared/errors';
import { controlLog } from '../../base/control-log';
import { claimFault } from './background-errors';
import type { VersionResources } from './version-resources';

type Listener = (...args: unknown[]) => void;
type EventName = string | symbol;

const ADD_METHODS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;

/** Where an error thrown by a listener would end the process (Node treats it as fatal). */
const FAULT_EVENTS = new Set<EventName>(['uncaughtException', 'unhandledRejection']);

/**
 * A module's own `uncaughtException`/`unhandledRejection` handler, kept from ending the agent:
 * what it throws (its refused `process.exit(1)`, the usual last line of such a handler) is one
 * more background error of its version, not an exception inside the exception handler.
 */
function contained(listener: Listener, owner: VersionResources): Listener {
  return function containedListener(this: unknown, ...args: unknown[]): void {
    try {
      listener.apply(this, args);
    } catch (error) {
      if (!claimFault({ error, kind: 'uncaught exception', owner })) controlLog('background-errors').error("a module's process error handler threw", error);
    }
  };
}

/**
 * `process` as one module version sees it: listeners it adds are removed when the version is
 * released (a reload does not leave a second SIGTERM handler behind), `removeAllListeners`
 * removes only its own, and `process.exit()` / `abort()` throw instead of ending the agent
 * (the panel must stay up to repair the module). Everything else is the process itself.
 */
export function ownedProcess(base: NodeJS.Process, owner: VersionResources): NodeJS.Process {
  const own = new Map<Listener, { event: EventName; added: Listener; forget: () => void }[]>();
  /** Forgets one registration of `listener` for `event`; returns the function that was added to the process. */
  const forget = (event: EventName, listener: Listener): Listener => {
    const entries = own.get(listener);
    const index = entries?.findIndex((entry) => entry.event === event) ?? -1;
    if (entries === undefined || index < 0) return listener;
    const [entry] = entries.splice(index, 1);
    entry?.forget();
    if (entries.length === 0) own.delete(listener);
    return entry?.added ?? listener;
  };
  const overrides = new Map<PropertyKey, unknown>();
  const view: NodeJS.Process = new Proxy(base, {
    get: (target, property) => (overrides.has(property) ? overrides.get(property) : Reflect.get(target, property, target)),
  });
  for (const method of ADD_METHODS) {
    overrides.set(method, (event: EventName, listener: Listener) => {
      const added = FAULT_EVENTS.has(event) ? contained(listener, owner) : listener;
      (process[method] as (event: EventName, listener: Listener) => unknown)(event, added);
      const entry = {
        event,
        added,
        forget: owner.add('process listener', `process.${method}('${String(event)}')`, () => {
          process.removeListener(event, added);
          return null;
        }),
      };
      own.set(listener, [...(own.get(listener) ?? []), entry]);
      return view;
    });
  }
  const remove = (event: EventName, listener: Listener): NodeJS.Process => {
    process.removeListener(event, forget(event, listener));
    return view;
  };
  overrides.set('off', remove);
  overrides.set('removeListener', remove);
  overrides.set('removeAllListeners', (event?: EventName) => {
    for (const [listener, entries] of [...own]) {
      for (const entry of [...entries]) if (event === undefined || entry.event === event) remove(entry.event, listener);
    }
    return view;
  });
  overrides.set('exit', (code?: number | string) => {
    throw new AppError('PROCESS_EXIT_REFUSED', `process.exit(${code ?? ''}) was refused: module code cannot end the agent.`, {
      hint: 'Throw an error or return instead; the agent and the panel keep running so you can fix the module.',
    });
  });
  overrides.set('abort', () => {
    throw new AppError('PROCESS_EXIT_REFUSED', 'process.abort() was refused: module code cannot end the agent.', {
      hint: 'Throw an error instead; the agent and the panel keep running so you can fix the module.',
    });
  });
  return view;
}
