import type { AgentCrash } from '../../shared/agent-status';
import type { StateDatabase } from './database';

interface CrashRow {
  at: number;
  kind: AgentCrash['kind'];
  reason: string;
  module: string | null;
  location: string | null;
  exit_code: number | null;
  signal: string | null;
  last_output: string;
}

/** Each death of the agent process, recorded by the next agent that starts (one writer: the agent). */
export class CrashLog {
  private readonly insert;
  private readonly recent;

  constructor(db: StateDatabase) {
    this.insert = db.prepare(`INSERT INTO agent_crashes (at, kind, reason, module, location, exit_code, signal, last_output)
      VALUES (@at, @kind, @reason, @module, @location, @exitCode, @signal, @lastOutput)`);
    this.recent = db.prepare('SELECT * FROM agent_crashes ORDER BY seq DESC LIMIT ?');
  }

  add(crash: AgentCrash): void {
    this.insert.run({ ...crash, lastOutput: JSON.stringify(crash.lastOutput) });
  }

  list(limit = 50): AgentCrash[] {
    return (this.recent.all(limit) as CrashRow[]).map((row) => ({
      at: row.at,
      kind: row.kind,
      reason: row.reason,
      module: row.module,
      location: row.location,
      exitCode: row.exit_code,
      signal: row.signal,
      lastOutput: JSON.parse(row.last_output) as string[],
    }));
  }
}
