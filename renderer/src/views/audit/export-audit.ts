import type { ReloadRecord } from '../../../../shared/history';
import { shortHash } from '../../../../shared/ids';
import type { OutcomeFilter } from '../../store/audit-slice';
import { formatDuration, formatTime } from '../common/format';

export type ExportFormat = 'markdown' | 'html' | 'json';

export interface ComparedSide {
  /** "v_… (stable, …)" or "knowledge_engine.ts on disk". */
  readonly label: string;
  readonly module: string;
  readonly versionId: string | null;
  readonly hash: string | null;
}

/** Everything the audit shows, as exported: the comparison and the (filtered) reload history. */
export interface AuditReport {
  readonly generatedAt: number;
  readonly workspace: string | null;
  readonly filters: { readonly module: string | null; readonly outcome: OutcomeFilter };
  readonly comparison: { readonly left: ComparedSide; readonly right: ComparedSide; readonly unifiedDiff: string } | null;
  readonly reloads: readonly ReloadRecord[];
}

export const EXPORTS: Readonly<Record<ExportFormat, { label: string; extension: string; mime: string }>> = {
  markdown: { label: 'Markdown', extension: 'md', mime: 'text/markdown;charset=utf-8' },
  html: { label: 'HTML', extension: 'html', mime: 'text/html;charset=utf-8' },
  json: { label: 'JSON', extension: 'json', mime: 'application/json;charset=utf-8' },
};

export function renderReport(report: AuditReport, format: ExportFormat): string {
  switch (format) {
    case 'markdown':
      return toMarkdown(report);
    case 'html':
      return toHtml(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

const PHASES = ['compile', 'instantiate', 'checks', 'drain', 'swap', 'cascade', 'post-checks'] as const;

function reloadCells(record: ReloadRecord): string[] {
  return [
    formatTime(record.startedAt),
    record.module,
    record.outcome,
    formatDuration(record.durationMs),
    PHASES.filter((phase) => record.phases[phase] !== undefined)
      .map((phase) => `${phase} ${formatDuration(record.phases[phase] ?? 0)}`)
      .join(', '),
    `${shortHash(record.oldHash ?? '')} → ${shortHash(record.newHash ?? '')}`,
    record.error === null ? '' : `${record.error.code}: ${record.error.message}`,
  ];
}

const HEADINGS = ['Time', 'Module', 'Outcome', 'Duration', 'Phases', 'Hashes', 'Error'];

function describeFilters(report: AuditReport): string {
  return `module ${report.filters.module ?? 'all'}, outcome ${report.filters.outcome}`;
}

function toMarkdown(report: AuditReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Saraphina code audit',
    '',
    `- Generated: ${formatTime(report.generatedAt)}`,
    `- Workspace: ${report.workspace ?? 'unknown'}`,
    `- Filters: ${describeFilters(report)}`,
    '',
  ];
  if (report.comparison !== null) {
    const { left, right, unifiedDiff } = report.comparison;
    const fence = unifiedDiff.includes('```') ? '~~~~' : '```';
    lines.push('## Comparison', '', `- Left: ${left.label}`, `- Right: ${right.label}`, '', `${fence}diff`, unifiedDiff, fence, '');
  }
  lines.push(`## Reload history (${report.reloads.length})`, '');
  lines.push(`| ${HEADINGS.join(' | ')} |`, `| ${HEADINGS.map(() => '---').join(' | ')} |`);
  for (const record of report.reloads) lines.push(`| ${reloadCells(record).map(cell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function toHtml(report: AuditReport): string {
  const diff =
    report.comparison === null
      ? ''
      : `<h2>Comparison</h2>
<p><strong>Left:</strong> ${escapeHtml(report.comparison.left.label)}<br><strong>Right:</strong> ${escapeHtml(report.comparison.right.label)}</p>
<pre class="diff">${report.comparison.unifiedDiff
          .split('\n')
          .map((line) => {
            const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
            return `<span class="${kind}">${escapeHtml(line)}</span>`;
          })
          .join('\n')}</pre>`;
  const rows = report.reloads
    .map((record) => `<tr class="${record.outcome}">${reloadCells(record).map((text) => `<td>${escapeHtml(text)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Saraphina code audit</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#1c2128}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #dde1e7;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}tr.failed td,tr.rolled_back td{background:#fdecea}
pre.diff{background:#f6f8fa;padding:1rem;overflow:auto}.add{background:#dafbe1;display:block}.del{background:#ffebe9;display:block}.hunk{color:#6e7781;display:block}.ctx{display:block}
</style></head><body>
<h1>Saraphina code audit</h1>
<p>Generated ${escapeHtml(formatTime(report.generatedAt))} · Workspace ${escapeHtml(report.workspace ?? 'unknown')} · Filters: ${escapeHtml(describeFilters(report))}</p>
${diff}
<h2>Reload history (${report.reloads.length})</h2>
<table><thead><tr>${HEADINGS.map((heading) => `<th>${heading}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

/** Offers `text` as a file download (a blob URL; nothing leaves the machine). */
export function downloadText(text: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
