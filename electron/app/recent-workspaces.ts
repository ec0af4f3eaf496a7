import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

export const RECENT_WORKSPACES_FILE = 'recent-workspaces.json';
const DEFAULT_LIMIT = 10;

export interface RecentWorkspace {
  readonly path: string;
  /** ISO time it was last opened. */
  readonly openedAt: string;
}

const fileSchema = z.object({
  version: z.literal(1),
  workspaces: z.array(z.object({ path: z.string().min(1), openedAt: z.string() })).max(1000),
});

/**
 * The workspaces opened lately, newest first, kept in the user data folder (File → Open Recent,
 * the header switcher, and where the app starts next time).
 */
export class RecentWorkspaces {
  private entries: RecentWorkspace[];

  constructor(
    private readonly file: string,
    private readonly limit: number = DEFAULT_LIMIT,
    onDamaged?: (line: string) => void,
  ) {
    const stored = readJsonFile(file, fileSchema, { version: 1, workspaces: [] }, onDamaged);
    this.entries = dedupe(stored.workspaces.filter((entry) => path.isAbsolute(entry.path))).slice(0, limit);
  }

  static inFolder(userDataDir: string, onDamaged?: (line: string) => void): RecentWorkspaces {
    return new RecentWorkspaces(path.join(userDataDir, RECENT_WORKSPACES_FILE), DEFAULT_LIMIT, onDamaged);
  }

  list(): readonly RecentWorkspace[] {
    return this.entries;
  }

  /** The workspace opened last, if any. */
  last(): string | undefined {
    return this.entries[0]?.path;
  }

  /** Puts `dir` first (opened now) and saves the list. */
  add(dir: string, now: Date = new Date()): void {
    const entry = { path: path.resolve(dir), openedAt: now.toISOString() };
    this.entries = [entry, ...this.entries.filter((other) => other.path !== entry.path)].slice(0, this.limit);
    this.save();
  }

  remove(dir: string): void {
    const resolved = path.resolve(dir);
    this.entries = this.entries.filter((entry) => entry.path !== resolved);
    this.save();
  }

  clear(): void {
    this.entries = [];
    this.save();
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, workspaces: this.entries });
  }
}

function dedupe(entries: readonly RecentWorkspace[]): RecentWorkspace[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.path) && seen.add(entry.path) !== undefined);
}
