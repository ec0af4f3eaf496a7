import { unifiedDiff } from '../../../../shared/line-diff';
import { useAppStore } from '../../store/app-store-context';
import { CompareSection } from './CompareSection';
import { downloadText, EXPORTS, renderReport, type AuditReport, type ExportFormat } from './export-audit';
import { ReloadTable, useFilteredReloads, useReloadModule } from './ReloadTable';
import { useAuditModule, useComparedSides, useModuleVersions, useResolvedSide, type ResolvedSide } from './use-comparison';

/** Side-by-side code audit of any two versions (or a version and the file), and the reload history. */
export function AuditView() {
  const module = useAuditModule();
  const versions = useModuleVersions(module);
  const [leftSide, rightSide] = useComparedSides(module, versions);
  const left = useResolvedSide(leftSide, versions);
  const right = useResolvedSide(rightSide, versions);
  const rows = useFilteredReloads();
  const workspace = useAppStore((state) => state.workspace.info?.root ?? null);
  const selectedModule = useReloadModule();
  const outcome = useAppStore((state) => state.audit.outcome);

  const exportAs = (format: ExportFormat) => {
    const report: AuditReport = {
      generatedAt: Date.now(),
      workspace,
      filters: { module: selectedModule, outcome },
      comparison: comparisonOf(module, left, right),
      reloads: rows,
    };
    const spec = EXPORTS[format];
    const stamp = new Date(report.generatedAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    downloadText(renderReport(report, format), `saraphina-audit-${stamp}.${spec.extension}`, spec.mime);
  };

  return (
    <div className="audit" data-testid="audit">
      <CompareSection module={module} versions={versions} left={left} right={right} />
      <ReloadTable
        rows={rows}
        exportButtons={
          <div className="button-group" role="group" aria-label="Export the audit">
            {(Object.keys(EXPORTS) as ExportFormat[]).map((format) => (
              <button key={format} type="button" className="button" onClick={() => exportAs(format)}>
                Export {EXPORTS[format].label}
              </button>
            ))}
          </div>
        }
      />
    </div>
  );
}

function comparisonOf(module: string | null, left: ResolvedSide | null, right: ResolvedSide | null): AuditReport['comparison'] {
  if (module === null || left?.content == null || right?.content == null) return null;
  const side = (resolved: ResolvedSide) => ({ label: resolved.label, module, versionId: resolved.versionId, hash: resolved.hash });
  return {
    left: side(left),
    right: side(right),
    unifiedDiff: unifiedDiff(left.content, right.content, { from: left.label, to: right.label }) || `--- ${left.label}\n+++ ${right.label}\n(no differences)\n`,
  };
}
