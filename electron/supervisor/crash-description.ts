import path from 'node:path';
import type { AgentCrash, AgentCrashKind } from '../../shared/agent-status';

export interface CrashFacts {
  readonly root: string;
  readonly code: number | null;
  readonly signal: string | null;
  /** Set when the supervisor killed it (watchdog, a limit), with the line saying why. */
  readonly killed: { readonly kind: AgentCrashKind; readonly reason: string } | null;
  readonly lastOutput: readonly string[];
  /** The call the panel or session was waiting for, e.g. "a call to tools/echo shout()". */
  readonly during: string | null;
  /** It died before it was ready (while loading modules). */
  readonly atStart: boolean;
  readonly memoryMb: number;
  /** The module id of a file in the workspace, null when it is none. */
  readonly moduleOfFile: (file: string) => string | null;
}

const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit|Allocation failed/;
const ERROR_LINE = /^(?:Uncaught )?(?:[A-Z][A-Za-z]*Error|Error)(?: \[[A-Z_]+\])?: .+/;

/** One record of why the agent process died, with the module it is attributed to when known. */
export function describeCrash(facts: CrashFacts): AgentCrash {
  const frame = firstWorkspaceFrame(facts.root, facts.lastOutput, facts.moduleOfFile);
  const { kind, cause } = classify(facts);
  const where = facts.during !== null ? ` during ${facts.during}` : frame === null ? '' : ` in ${frame.location}`;
  const when = facts.atStart ? ' while starting' : '';
  return {
    at: Date.now(),
    kind,
    reason: `${cause}${where}${when}`,
    module: frame?.module ?? moduleOf(facts.during),
    location: frame?.location ?? null,
    exitCode: facts.code,
    signal: facts.signal,
    lastOutput: facts.lastOutput,
  };
}

function classify(facts: CrashFacts): { kind: AgentCrashKind; cause: string } {
  if (facts.killed !== null) return { kind: facts.killed.kind, cause: facts.killed.reason };
  if (facts.lastOutput.some((line) => OUT_OF_MEMORY.test(line))) return { kind: 'out-of-memory', cause: `out of memory (limit ${facts.memoryMb} MB)` };
  const error = [...facts.lastOutput].reverse().find((line) => ERROR_LINE.test(line.trim()));
  if (facts.signal !== null) return { kind: 'signal', cause: `killed by ${facts.signal}` };
  if (facts.code === null) return { kind: 'start-failed', cause: 'the agent process could not be started' };
  return { kind: 'exit', cause: error === undefined ? `exited with code ${facts.code}` : `${error.trim()} (exit code ${facts.code})` };
}

/** The first stack frame in the workspace (outside node_modules), as `src/tools/echo.ts:12`. */
function firstWorkspaceFrame(root: string, lines: readonly string[], moduleOfFile: CrashFacts['moduleOfFile']): { module: string; location: string } | null {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  for (const line of lines) {
    const at = line.indexOf(prefix);
    if (at < 0) continue;
    const match = /^([^\s:()]+):(\d+)/.exec(line.slice(at + prefix.length));
    if (match === null || match[1] === undefined || match[1].split(/[\\/]/).includes('node_modules')) continue;
    const file = match[1].replaceAll('\\', '/');
    let module: string | null = null;
    try {
      module = moduleOfFile(path.join(root, file));
    } catch {
      // Not a module of the workspace (a config file, a script): the location alone says where.
    }
    return { module: module ?? file, location: `${file}:${match[2]}` };
  }
  return null;
}

function moduleOf(during: string | null): string | null {
  const match = during === null ? null : /^a call to (\S+) /.exec(during);
  return match?.[1] ?? null;
}
