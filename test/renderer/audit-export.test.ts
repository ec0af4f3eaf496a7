import { describe, expect, test } from 'vitest';
import { renderReport, type AuditReport } from '../../renderer/src/views/audit/export-audit';
import { diffLines, unifiedDiff } from '../../renderer/src/views/audit/line-diff';
import { reloadRecord } from './panel-fakes';

describe('line diff', () => {
  test('finds the shortest edit script', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { kind: ' ', text: 'a' },
      { kind: '-', text: 'b' },
      { kind: '+', text: 'x' },
      { kind: ' ', text: 'c' },
      { kind: '+', text: 'd' },
    ]);
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines(['a'], [])).toEqual([{ kind: '-', text: 'a' }]);
  });

  test('writes unified hunks with context and line numbers', () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
    const after = before.replace('line 10\n', 'line ten\n') + 'line 21\n';
    const diff = unifiedDiff(before, after, { before: 'v_1', after: 'v_2' }, 2);
    expect(diff.split('\n')).toEqual([
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
    ]);
    expect(unifiedDiff('same\n', 'same\n', { before: 'a', after: 'b' })).toContain('(no differences)');
  });
});

describe('audit export', () => {
  const report: AuditReport = {
    generatedAt: 1_700_000_000_000,
    workspace: '/work/space',
    filters: { module: 'a', outcome: 'all' },
    comparison: {
      left: { label: 'v_1 · Stable', module: 'a', versionId: 'v_1', hash: 'aa' },
      right: { label: 'a.ts on disk now', module: 'a', versionId: null, hash: 'bb' },
      unifiedDiff: '--- v_1\n+++ now\n@@ -1 +1 @@\n-<old>\n+new & | pipe',
    },
    reloads: [reloadRecord('r1', 'a', { outcome: 'failed', error: { code: 'CHECK_FAILED', message: 'bad | worse' } })],
  };

  test('Markdown has the comparison as a diff block and the reload table, pipes escaped', () => {
    const markdown = renderReport(report, 'markdown');
    expect(markdown).toContain('```diff\n--- v_1');
    expect(markdown).toContain('| Time | Module | Outcome | Duration | Phases | Hashes | Error |');
    expect(markdown).toContain('| a | failed | 13 ms | compile 3 ms, checks 4 ms |');
    expect(markdown).toContain('CHECK_FAILED: bad \\| worse');
  });

  test('HTML is a standalone page with everything escaped', () => {
    const html = renderReport(report, 'html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('&#60;old&#62;');
    expect(html).not.toContain('<old>');
    expect(html).toContain('<tr class="failed">');
  });

  test('JSON round-trips the whole report', () => {
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(report);
  });
});
