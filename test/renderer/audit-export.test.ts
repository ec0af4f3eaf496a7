import { describe, expect, test } from 'vitest';
import { renderReport, type AuditReport } from '../../renderer/src/views/audit/export-audit';
import { reloadRecord } from './panel-fakes';

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
