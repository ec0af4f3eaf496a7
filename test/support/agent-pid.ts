import { readFileSync } from 'node:fs';

/** The agent process a control process (serve, session) supervises: its child started from agent-process.js. */
export function agentPidOf(controlPid: number | undefined): number {
  const children = readFileSync(`/proc/${controlPid}/task/${controlPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  const agent = children.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('agent-process');
    } catch {
      return false;
    }
  });
  if (agent === undefined) throw new Error(`process ${controlPid} has no agent process among its children (${children.join(', ') || 'none'})`);
  return Number(agent);
}
