/** A line-based diff (Myers' O(ND) algorithm on the part between a common prefix and suffix). */
export type DiffLine = { readonly kind: 'same' | 'added' | 'removed'; readonly text: string };

/** Above this many edits the middle is shown as removed-then-added rather than searched further. */
const MAX_EDITS = 1000;

export function diffLines(before: string, after: string): DiffLine[] {
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
  const same = (lines: string[]): DiffLine[] => lines.map((text) => ({ kind: 'same', text }));
  return [...same(a.slice(0, start)), ...middle(a.slice(start, endA), b.slice(start, endB)), ...same(a.slice(endA))];
}

export function countChanges(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'added') added += 1;
    else if (line.kind === 'removed') removed += 1;
  }
  return { added, removed };
}

/** Unified diff text with `context` lines around each change; '' when nothing changed. */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  const lines = diffLines(before, after);
  if (lines.every((line) => line.kind === 'same')) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  const changed = lines.map((line) => line.kind !== 'same');
  let index = 0;
  while (index < lines.length) {
    if (!changed[index]) {
      index += 1;
      continue;
    }
    const first = Math.max(0, index - context);
    let last = index;
    for (let scan = index; scan < lines.length && scan <= last + context * 2; scan += 1) if (changed[scan]) last = scan;
    last = Math.min(lines.length - 1, last + context);
    const hunk = lines.slice(first, last + 1);
    const oldStart = lines.slice(0, first).filter((line) => line.kind !== 'added').length + 1;
    const newStart = lines.slice(0, first).filter((line) => line.kind !== 'removed').length + 1;
    const oldCount = hunk.filter((line) => line.kind !== 'added').length;
    const newCount = hunk.filter((line) => line.kind !== 'removed').length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const line of hunk) out.push(`${line.kind === 'same' ? ' ' : line.kind === 'added' ? '+' : '-'}${line.text}`);
    index = last + 1;
  }
  return `${out.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Myers' greedy diff with a trace for the path back; falls back beyond MAX_EDITS. */
function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  return [...a.map((text): DiffLine => ({ kind: 'removed', text })), ...b.map((text): DiffLine => ({ kind: 'added', text }))];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const previousK = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? k + 1 : k - 1;
    const previousX = v[offset + previousK] as number;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      out.push({ kind: 'same', text: a[x - 1] as string });
      x -= 1;
      y -= 1;
    }
    if (d > 0) {
      if (x === previousX) out.push({ kind: 'added', text: b[y - 1] as string });
      else out.push({ kind: 'removed', text: a[x - 1] as string });
    }
    x = previousX;
    y = previousY;
  }
  return out.reverse();
}
