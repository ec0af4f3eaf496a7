import type { ModuleId } from '../../shared/ids';
import type { SandboxReport } from '../../shared/proposals';
import { formatTypeDiagnostic, type TypeCheckReport } from '../../shared/typecheck';

/**
 * The sandbox report with the type-check gate's verdict as its first check: type errors fail
 * the report (so approval needs --force), each listed at the proposal's own line.
 */
export function withTypeCheck(report: SandboxReport, typeCheck: TypeCheckReport, module: ModuleId): SandboxReport {
  if (!typeCheck.checked) return report;
  const ok = typeCheck.errors.length === 0;
  const output = ok
    ? `no type errors (${typeCheck.filesChecked} file${typeCheck.filesChecked === 1 ? '' : 's'} checked${typeCheck.preExisting > 0 ? `; ${typeCheck.preExisting} already in the workspace` : ''})`
    : typeCheck.errors.map(formatTypeDiagnostic).join('\n');
  const check = { name: 'type check', module, ok, ms: Math.round(typeCheck.ms), output };
  return { ...report, passed: report.passed && ok, checks: [check, ...report.checks], typeCheck };
}
