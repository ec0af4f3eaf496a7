import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { matchesAgentLogFilter, type AgentLogEntry, type AgentLogFilter } from '../../shared/agent-log';

/** `.saraphina/logs/agent-output.jsonl`, and the one before it (`agent-output.1.jsonl`) once it filled up. */
export const AGENT_LOG_FILE = 'agent-output.jsonl';
export const PREVIOUS_AGENT_LOG_FILE = 'agent-output.1.jsonl';

export interface AgentLogOptions {
  /** Lines kept in memory for the views; older ones are only in the file. */
  readonly ringSize?: number;
  /** The file is rotated past this size; with the one before it, at most twice this is kept. */
  readonly maxFileBytes?: number;
}

export type AgentLogListener = (change: { readonly appended: readonly AgentLogEntry[] } | { readonly cleared: true }) => void;

const DEFAULT_RING_SIZE = 5_000;
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
/** One line is cut past this many characters (a module printing a huge object must not flood the views). */
export const MAX_LINE_CHARS = 16_384;

/**
 * The agent's output as a log: a bounded ring for the views plus an append-only JSON-lines file
 * (rotated, capped) that outlives the process. Appends are batched: the file is written once per
 * turn of the event loop, and at close, so a module printing in a loop does not stall the agent
 * on disk writes.
 */
export class AgentLog {
  readonly file: string;
  private readonly ringSize: number;
  private readonly maxFileBytes: number;
  private readonly ring: AgentLogEntry[] = [];
  private readonly listeners = new Set<AgentLogListener>();
  private pending: AgentLogEntry[] = [];
  private flushScheduled = false;
  private nextSeq = 1;
  private fileBytes: number;
  private closed = false;

  constructor(logsDir: string, options: AgentLogOptions = {}) {
    mkdirSync(logsDir, { recursive: true });
    this.file = path.join(logsDir, AGENT_LOG_FILE);
    this.ringSize = options.ringSize ?? DEFAULT_RING_SIZE;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.fileBytes = sizeOf(this.file);
  }

  append(line: Omit<AgentLogEntry, 'seq'>): AgentLogEntry {
    const text = line.text.length > MAX_LINE_CHARS ? `${line.text.slice(0, MAX_LINE_CHARS)}… (${line.text.length - MAX_LINE_CHARS} more characters)` : line.text;
    const entry: AgentLogEntry = { ...line, text, seq: this.nextSeq++ };
    this.ring.push(entry);
    // Trimmed in one go once it holds twice its size: a module printing in a loop costs O(1) per line.
    if (this.ring.length >= this.ringSize * 2) this.ring.splice(0, this.ring.length - this.ringSize);
    if (this.closed) return entry;
    this.pending.push(entry);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return entry;
  }

  /** The lines in memory, oldest first, that match the filter; the last `limit` of them. */
  entries(filter: AgentLogFilter = {}, limit = this.ringSize): AgentLogEntry[] {
    const kept = this.ring.length > this.ringSize ? this.ring.slice(this.ring.length - this.ringSize) : this.ring;
    const matching = kept.filter((entry) => matchesAgentLogFilter(entry, filter));
    return matching.slice(Math.max(0, matching.length - limit));
  }

  /** Empties the views' lines (the file keeps them: it is append-only). */
  clear(): void {
    this.ring.length = 0;
    for (const listener of this.listeners) listener({ cleared: true });
  }

  onDidChange(listener: AgentLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes what is pending now (also at close, so a process that ends loses nothing it printed). */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    for (const listener of this.listeners) listener({ appended: batch });
    const text = batch.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    try {
      if (this.fileBytes > 0 && this.fileBytes + text.length > this.maxFileBytes) {
        renameSync(this.file, path.join(path.dirname(this.file), PREVIOUS_AGENT_LOG_FILE));
        this.fileBytes = 0;
      }
      appendFileSync(this.file, text);
      this.fileBytes += Buffer.byteLength(text);
    } catch {
      // A full or read-only disk must not take the agent down for its own output; the ring still has it.
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.listeners.clear();
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
