import { developerOverride } from '../base/packaged-build';

/** The process this one was started by (the control process, for the agent process). */
const parentAtStart = process.ppid;
let parentKilled = false;

/**
 * Named points in a change where the fault-injection test kills a process (SIGKILL, no
 * cleanup), to prove crash recovery at every step: this process (the agent, where changes run),
 * or with SARAPHINA_FAULT_KILL=parent the control process that started it, once. Inert unless
 * SARAPHINA_FAULT_AT names the point (and always inert in a packaged app); reading one
 * environment variable costs nothing next to a reload.
 */
export function faultPoint(name: string): void {
  if (process.env['SARAPHINA_FAULT_AT'] !== name || developerOverride('SARAPHINA_FAULT_AT') !== name) return;
  if (developerOverride('SARAPHINA_FAULT_KILL') !== 'parent') {
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  // Only the parent it was started by, and only once: never whatever adopted this process since.
  if (parentKilled || parentAtStart <= 1 || process.ppid !== parentAtStart) return;
  parentKilled = true;
  process.kill(parentAtStart, 'SIGKILL');
}
