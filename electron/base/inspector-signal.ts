import { controlLog } from './control-log';

/**
 * The process never opens the Node inspector because another process sent it SIGUSR1 (that
 * would hand a debugger into the panel's or the agent's process to anyone who can signal it): a
 * listener replaces Node's own handling. (The agent process is started with --disable-sigusr1
 * instead, under which Node ignores the signal altogether and this listener never runs.)
 * Debugging stays possible by starting with --inspect.
 */
export function refuseInspectorSignal(scope = 'control'): () => void {
  const log = controlLog(scope);
  const onSignal = (): void => log.warn('SIGUSR1 received and ignored: the inspector opens only when the process is started with --inspect.');
  process.on('SIGUSR1', onSignal);
  return () => process.off('SIGUSR1', onSignal);
}
