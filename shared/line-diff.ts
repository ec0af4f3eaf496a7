import { diffArrays, type ChangeObject } from 'diff';

/**
 * The one line diff of the product (apply preview, session /diff, audit view and export), on
 * jsdiff's Myers implementation. Its edit-length and time limits bound memory and time: two 2 MB
 * files that share nothing come back in well under a second as one replaced block, marked inexact.
 */
export type DiffLineKind = 'same' | 'added' | 'removed';

export interface DiffLine {
  readonly kind: DiffLineKind;
  readonly text: string;
}

export interface LineDiff {
  readonly lines: readonly DiffLine[];
  /** False when the limits were hit: the part between common prefix and suffix is shown replaced. */
  readonly exact: boolean;
  readonly added: number;
  readonly removed: number;
}

/** Beyond this many inserted plus removed lines the exact search stops (jsdiff `maxEditLength`). */
export const MAX_EDIT_LINES = 20_000;
/** And beyond this much time (jsdiff `timeout`), whichever comes first. */
export const DIFF_TIMEOUT_MS = 400;

export function diffLines(before: string, after: string): LineDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const lines: DiffLine[] = [];
  const push = (kind: DiffLineKind, texts: readonly string[]) => {
    for (const text of texts) lines.push({ kind, text });
  };
  push('same', a.slice(0, start));
  const oldMiddle = a.slice(start, endA);
  const newMiddle = b.slice(start, endB);
  const changes =
    oldMiddle.length === 0 || newMiddle.length === 0
      ? null
      : diffArrays(oldMiddle, newMiddle, { maxEditLength: MAX_EDIT_LINES, timeout: DIFF_TIMEOUT_MS });
  if (changes === null || changes === undefined) {
    push('removed', oldMiddle);
    push('added', newMiddle);
  } else {
    for (const change of changes) push(change.added ? 'added' : change.removed ? 'removed' : 'same', change.value);
  }
  push('same', a.slice(endA));
  // Only a search that gave up is inexact; a one-sided middle is exact by construction.
  return { lines, exact: changes !== undefined, added: newMiddle.length - countSame(changes), removed: oldMiddle.length - countSame(changes) };
}

/** Unified diff text with `context` lines around each change; '' when nothing changed. */
export function unifiedDiff(before: string, after: string, labels: DiffLabels, context = 3): string {
  return formatUnifiedDiff(diffLines(before, after), labels, context);
}

export interface DiffLabels {
  readonly from: string;
  readonly to: string;
}

/** The same for a diff already computed (so a caller that also shows counts diffs once). */
export function formatUnifiedDiff(diff: LineDiff, labels: DiffLabels, context = 3): string {
  if (diff.added === 0 && diff.removed === 0) return '';
  const out: string[] = [];
  if (!diff.exact) out.push(`# Too many differences to align exactly (over ${MAX_EDIT_LINES} lines or ${DIFF_TIMEOUT_MS} ms): the changed part is shown replaced.`);
  out.push(`--- ${labels.from}`, `+++ ${labels.to}`);
  const { lines } = diff;
  // Line numbers before each index, kept as running counters so many hunks stay linear.
  let oldLine = 0;
  let newLine = 0;
  let index = 0;
  const advanceTo = (target: number) => {
    for (; index < target; index += 1) {
      const kind = (lines[index] as DiffLine).kind;
      if (kind !== 'added') oldLine += 1;
      if (kind !== 'removed') newLine += 1;
    }
  };
  let scan = 0;
  while (scan < lines.length) {
    if ((lines[scan] as DiffLine).kind === 'same') {
      scan += 1;
      continue;
    }
    const first = Math.max(index, scan - context);
    let last = scan;
    for (let next = scan; next < lines.length && next <= last + context * 2; next += 1) {
      if ((lines[next] as DiffLine).kind !== 'same') last = next;
    }
    last = Math.min(lines.length - 1, last + context);
    advanceTo(first);
    const oldStart = oldLine + 1;
    const newStart = newLine + 1;
    const body: string[] = [];
    for (let at = first; at <= last; at += 1) {
      const line = lines[at] as DiffLine;
      body.push(`${line.kind === 'same' ? ' ' : line.kind === 'added' ? '+' : '-'}${line.text}`);
    }
    advanceTo(last + 1);
    out.push(`@@ ${range('-', oldStart, oldLine - oldStart + 1)} ${range('+', newStart, newLine - newStart + 1)} @@`, ...body);
    scan = last + 1;
  }
  return `${out.join('\n')}\n`;
}

/** A hunk range as `diff -u` writes it: an empty range names the line before it. */
function range(sign: string, start: number, count: number): string {
  return `${sign}${count === 0 ? start - 1 : start},${count}`;
}

function countSame(changes: readonly ChangeObject<string[]>[] | null | undefined): number {
  let same = 0;
  for (const change of changes ?? []) if (!change.added && !change.removed) same += change.value.length;
  return same;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
