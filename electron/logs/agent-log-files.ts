import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AgentLogEntry } from '../../shared/agent-log';
import { STATE_DIR } from '../store/database';
import { AGENT_LOG_FILE, PREVIOUS_AGENT_LOG_FILE } from './agent-log';

/** Where a workspace keeps its agent's output: `.saraphina/logs/`. */
export function agentLogDir(workspaceRoot: string): string {
  return path.join(workspaceRoot, STATE_DIR, 'logs');
}

/** Every line still on disk, oldest first (the rotated file, then the current one). */
export function readAgentLogFiles(logsDir: string): AgentLogEntry[] {
  return [PREVIOUS_AGENT_LOG_FILE, AGENT_LOG_FILE].flatMap((name) => {
    const file = path.join(logsDir, name);
    return existsSync(file) ? parseLines(readFileSync(file, 'utf8')).entries : [];
  });
}

/**
 * Calls `onEntries` with every line appended to the current file from now on, until the returned
 * function is called. Polls (the writer is another process, and polling sees a rotation too):
 * when the file shrinks, it was rotated, and reading starts again at its beginning.
 */
export function followAgentLog(logsDir: string, onEntries: (entries: readonly AgentLogEntry[]) => void, intervalMs = 200): () => void {
  const file = path.join(logsDir, AGENT_LOG_FILE);
  let offset = sizeOf(file);
  let partial = '';
  const poll = (): void => {
    const size = sizeOf(file);
    if (size < offset) {
      offset = 0;
      partial = '';
    }
    if (size === offset) return;
    const text = partial + readRange(file, offset, size);
    offset = size;
    const { entries, rest } = parseLines(text);
    partial = rest;
    if (entries.length > 0) onEntries(entries);
  };
  const timer = setInterval(poll, intervalMs);
  return () => clearInterval(timer);
}

function parseLines(text: string): { entries: AgentLogEntry[]; rest: string } {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  const entries: AgentLogEntry[] = [];
  for (const line of lines) {
    try {
      entries.push(JSON.parse(line) as AgentLogEntry);
    } catch {
      // A line cut by a crash mid-write: skip it, keep the rest.
    }
  }
  return { entries, rest };
}

function readRange(file: string, from: number, to: number): string {
  const buffer = Buffer.alloc(to - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
