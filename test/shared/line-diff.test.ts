import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { diffLines, formatUnifiedDiff, MAX_EDIT_LINES, unifiedDiff } from '../../shared/line-diff';

/** About 2 MB of distinct lines, named after `seed`. */
function bigFile(seed: string, lines = 50_000): string {
  return Array.from({ length: lines }, (_, index) => `export const ${seed}${index} = ${index} + "${seed}-${index % 97}";`).join('\n') + '\n';
}

/** Runs one diff in a worker whose heap is capped: memory beyond the cap ends the worker. */
function diffInCappedWorker(before: string, after: string, heapMb: number): Promise<{ exact: boolean; added: number; removed: number }> {
  const url = pathToFileURL(path.resolve(import.meta.dirname, '../../shared/line-diff.ts')).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(${JSON.stringify(url)}).then(({ diffLines, formatUnifiedDiff }) => {
      const diff = diffLines(workerData.before, workerData.after);
      formatUnifiedDiff(diff, { from: 'a', to: 'b' });
      parentPort.postMessage({ exact: diff.exact, added: diff.added, removed: diff.removed });
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, execArgv: ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'], workerData: { before, after }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    worker.once('message', (message) => {
      resolve(message as { exact: boolean; added: number; removed: number });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('line diff (jsdiff)', () => {
  test('finds the shortest edit script, with counts', () => {
    const diff = diffLines('a\nb\nc\n', 'a\nx\nc\nd\n');
    expect(diff.lines).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(diff).toMatchObject({ exact: true, added: 2, removed: 1 });
    expect(diffLines('', '')).toMatchObject({ lines: [], added: 0, removed: 0, exact: true });
    expect(diffLines('a\n', '').lines).toEqual([{ kind: 'removed', text: 'a' }]);
    // A missing newline at the end is not a changed line.
    expect(diffLines('a\nb', 'a\nb\n')).toMatchObject({ added: 0, removed: 0 });
  });

  test('writes unified hunks with context and line numbers', () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
    const after = before.replace('line 10\n', 'line ten\n') + 'line 21\n';
    expect(unifiedDiff(before, after, { from: 'v_1', to: 'v_2' }, 2).split('\n')).toEqual([
      '--- v_1',
      '+++ v_2',
      '@@ -8,5 +8,5 @@',
      ' line 8',
      ' line 9',
      '-line 10',
      '+line ten',
      ' line 11',
      ' line 12',
      '@@ -19,2 +19,3 @@',
      ' line 19',
      ' line 20',
      '+line 21',
      '',
    ]);
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\nd\n', { from: 'v1', to: 'current' })).toBe('--- v1\n+++ current\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect(unifiedDiff('same\n', 'same\n', { from: 'a', to: 'b' })).toBe('');
    // An empty range names the line before it, as diff -u does.
    expect(unifiedDiff('', 'new\n', { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+new\n');
  });

  test('a few edits in a 2 MB file are found exactly', () => {
    const before = bigFile('alpha');
    const after = before.replace('alpha100 =', 'changed100 =').replace('alpha40000 =', 'changed40000 =');
    const diff = diffLines(before, after);
    expect(diff).toMatchObject({ exact: true, added: 2, removed: 2 });
    const patch = formatUnifiedDiff(diff, { from: 'a', to: 'b' });
    expect(patch.match(/^@@ /gm)).toHaveLength(2);
    expect(patch).toContain('@@ -98,7 +98,7 @@');
  });

  test('two unrelated 2 MB files come back as one replaced block, inexact, within a small heap', async () => {
    const before = bigFile('alpha');
    const after = bigFile('beta');
    expect(before.length).toBeGreaterThan(2_000_000);
    // The old hand-written Myers kept a copy of the frontier per step: hundreds of MB here.
    const result = await diffInCappedWorker(before, after, 96);
    expect(result).toEqual({ exact: false, added: 50_000, removed: 50_000 });
    const patch = unifiedDiff(before, after, { from: 'a', to: 'b' });
    expect(patch.split('\n', 1)[0]).toContain(`over ${MAX_EDIT_LINES} lines`);
    expect(patch).toContain('@@ -1,50000 +1,50000 @@');
  });
});
