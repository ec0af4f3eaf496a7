import { AppError } from '../../../shared/errors';
import type { VersionResources } from './version-resources';

type Listener = (...args: unknown[]) => void;
type EventName = string | symbol;

const ADD_METHODS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;

/**
 * `process` as one module version sees it: listeners it adds are removed when the version is
 * released (a reload does not leave a second SIGTERM handler behind), `removeAllListeners`
 * removes only its own, and `process.exit()` / `abort()` throw instead of ending the agent
 * (the panel must stay up to repair the module). Everything else is the process itself.
 */
export function ownedProcess(base: NodeJS.Process, owner: VersionResources): NodeJS.Process {
  const own = new Map<Listener, { event: EventName; forget: () => void }[]>();
  const forget = (event: EventName, listener: Listener): void => {
    const entries = own.get(listener);
    const index = entries?.findIndex((entry) => entry.event === event) ?? -1;
    if (entries === undefined || index < 0) return;
    entries.splice(index, 1)[0]?.forget();
    if (entries.length === 0) own.delete(listener);
  };
  const overrides = new Map<PropertyKey, unknown>();
  const view: NodeJS.Process = new Proxy(base, {
    get: (target, property) => (overrides.has(property) ? overrides.get(property) : Reflect.get(target, property, target)),
  });
  for (const method of ADD_METHODS) {
    overrides.set(method, (event: EventName, listener: Listener) => {
      (process[method] as (event: EventName, listener: Listener) => unknown)(event, listener);
      const entry = {
        event,
        forget: owner.add('process listener', `process.${method}('${String(event)}')`, () => {
          process.removeListener(event, listener);
          return null;
        }),
      };
      own.set(listener, [...(own.get(listener) ?? []), entry]);
      return view;
    });
  }
  const remove = (event: EventName, listener: Listener): NodeJS.Process => {
    process.removeListener(event, listener);
    forget(event, listener);
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
