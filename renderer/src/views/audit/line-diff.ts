/** One line of a unified diff: kept (' '), removed ('-') or added ('+'). */
export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
}

/**
 * Line diff by Myers' O(ND) algorithm: the shortest edit script from `before` to `after`.
 * Used for the exported audit (the panel itself shows Monaco's diff).
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const max = n + m;
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(frontier.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (frontier[offset + k - 1] ?? 0) < (frontier[offset + k + 1] ?? 0));
      let x = down ? (frontier[offset + k + 1] ?? 0) : (frontier[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && before[x] === after[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edits.
  const lines: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const previousK = down ? k + 1 : k - 1;
    const previousX = v[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      lines.push({ kind: ' ', text: before[x - 1] ?? '' });
      x -= 1;
      y -= 1;
    }
    if (d > 0) {
      if (x === previousX) lines.push({ kind: '+', text: after[y - 1] ?? '' });
      else lines.push({ kind: '-', text: before[x - 1] ?? '' });
    }
    x = previousX;
    y = previousY;
  }
  return lines.reverse();
}

/** A unified diff (`@@ -a,b +c,d @@` hunks with `context` lines around each change). */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, context = 3): string {
  const lines = diffLines(splitLines(before), splitLines(after));
  const header = [`--- ${labels.before}`, `+++ ${labels.after}`];
  const changed = lines.map((line, index) => (line.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return [...header, '(no differences)'].join('\n');
  const hunks: string[] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && (changed[end + 1] ?? 0) - (changed[end] ?? 0) <= context * 2) end += 1;
    const from = Math.max(0, (changed[start] ?? 0) - context);
    const to = Math.min(lines.length, (changed[end] ?? 0) + context + 1);
    const oldStart = lines.slice(0, from).filter((line) => line.kind !== '+').length + 1;
    const newStart = lines.slice(0, from).filter((line) => line.kind !== '-').length + 1;
    const body = lines.slice(from, to);
    const oldCount = body.filter((line) => line.kind !== '+').length;
    const newCount = body.filter((line) => line.kind !== '-').length;
    hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body.map((line) => `${line.kind}${line.text}`));
    start = end + 1;
  }
  return [...header, ...hunks].join('\n');
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
