import { developerOverride } from '../base/packaged-build';

/**
 * Named points in a change where the fault-injection test kills the process (SIGKILL, no
 * cleanup), to prove crash recovery at every step. Inert unless SARAPHINA_FAULT_AT names the
 * point (and always inert in a packaged app); reading one environment variable costs nothing
 * next to a reload.
 */
export function faultPoint(name: string): void {
  if (process.env['SARAPHINA_FAULT_AT'] === name && developerOverride('SARAPHINA_FAULT_AT') === name) {
    process.kill(process.pid, 'SIGKILL');
  }
}
