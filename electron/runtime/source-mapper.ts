import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Workspace } from './workspace';

/**
 * Maps stack frames of compiled module code back to `.ts` lines. Node applies source maps only
 * to files its own loader reads, not to code evaluated with node:vm, so the runtime does it.
 * The map is made (or parsed) on first use: most versions never throw, and writing the map
 * is most of what compiling a large module costs.
 */
export class SourceMapper {
  private map: string | (() => string);
  private parsed: TraceMap | undefined;

  /** The map as the compiler wrote it, or what writes it when first needed. */
  constructor(map: string | (() => string)) {
    this.map = map;
  }

  /** The source map as the compiler wrote it (the sandbox hands it to its process). */
  get rawMap(): string {
    if (typeof this.map === 'function') this.map = this.map();
    return this.map;
  }

  /** Original position of a 1-based line and column of compiled code, or null. */
  original(line: number, column: number): { line: number; column: number } | null {
    this.parsed ??= new TraceMap(this.rawMap);
    const position = originalPositionFor(this.parsed, { line, column: Math.max(0, column - 1) });
    if (position.line === null) return null;
    return { line: position.line, column: position.column + 1 };
  }
}

/** `file:line:col` at the start of a stack token, in a module source file (any source extension). */
const TOKEN_LOCATION = /^([^\s()]+\.(?:[cm]?[jt]sx?|json)):(\d+):(\d+)/;
/** A run of characters a location can be part of (frames are `at name (file:line:col)`). */
const STACK_TOKEN = /[^\s()]+/g;
/** Longest stack line kept; a multi-MB error message is cut (it would bloat the history). */
export const STACK_LINE_LIMIT = 8192;

/**
 * Rewrites `file:line:col` in stack frames of the given files to their original positions, and
 * cuts lines over STACK_LINE_LIMIT. Linear in the stack's length: locations are looked for only
 * at the start of a token (an unanchored search restarts at every character of a long message,
 * which took seconds for 50 KB).
 */
export function mapStack(stack: string, mappers: ReadonlyMap<string, SourceMapper>): string {
  return capLines(stack).replace(STACK_TOKEN, (token) =>
    token.replace(TOKEN_LOCATION, (match, file: string, line: string, column: string) => {
      const position = mappers.get(file)?.original(Number(line), Number(column));
      return position === null || position === undefined ? match : `${file}:${position.line}:${position.column}`;
    }),
  );
}

/** `file:line:col` locations in a stack, in order (linear: see mapStack). */
export function* stackLocations(stack: string): Generator<{ file: string; line: string; column: string }> {
  for (const [token] of stack.matchAll(STACK_TOKEN)) {
    const match = TOKEN_LOCATION.exec(token);
    if (match !== null) yield { file: match[1] ?? '', line: match[2] ?? '', column: match[3] ?? '' };
  }
}

/** `tools/echo.ts:3:9` for the first stack frame in a workspace file (not in its packages). */
export function firstWorkspaceFrame(workspace: Workspace, stack: string): string | null {
  for (const { file, line, column } of stackLocations(stack)) {
    const plain = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!workspace.isInside(plain) || plain.includes(`${path.sep}node_modules${path.sep}`)) continue;
    return `${workspace.displayPath(plain)}:${line}:${column}`;
  }
  return null;
}

function capLines(stack: string): string {
  if (stack.length <= STACK_LINE_LIMIT) return stack;
  return stack
    .split('\n')
    .map((line) => (line.length <= STACK_LINE_LIMIT ? line : `${line.slice(0, STACK_LINE_LIMIT)}… (${line.length - STACK_LINE_LIMIT} more characters cut)`))
    .join('\n');
}
