import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Small settings files of the desktop app (recent workspaces, window bounds). A missing or
 * damaged file reads as `fallback` (these are conveniences, never the user's work); a write goes
 * to a private temp file that is flushed and renamed, so a crash leaves the old file or the new.
 */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>, fallback: T, onDamaged?: (line: string) => void): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: reported below like a file of the wrong shape.
  }
  onDamaged?.(`${file} is damaged; starting from defaults (it is rewritten on the next change).`);
  return fallback;
}

export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const bytes = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
