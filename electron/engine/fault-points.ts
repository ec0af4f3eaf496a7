/**
 * Named points in a change where the fault-injection test kills the process (SIGKILL, no
 * cleanup), to prove crash recovery at every step. Inert unless SARAPHINA_FAULT_AT names the
 * point; reading one environment variable costs nothing next to a reload.
 */
export function faultPoint(name: string): void {
  if (process.env['SARAPHINA_FAULT_AT'] === name) process.kill(process.pid, 'SIGKILL');
}
