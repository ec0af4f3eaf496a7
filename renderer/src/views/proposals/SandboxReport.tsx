import type { SandboxReport as Report } from '../../../../shared/proposals';
import { Chip } from '../common/Chip';
import { formatDuration, formatTime } from '../common/format';

/** The latest sandbox run: passed or not, each check with its time and output. */
export function SandboxReport({ report, stale }: { report: Report; stale: boolean }) {
  return (
    <section className="sandbox-report" aria-label="Sandbox report" data-testid="sandbox-report" data-passed={report.passed}>
      <header className="sandbox-report__header">
        <Chip tone={report.passed ? 'ok' : 'danger'}>{report.passed ? 'Sandbox passed' : 'Sandbox failed'}</Chip>
        <span className="muted small">
          {formatTime(report.startedAt)} · {formatDuration(report.durationMs)} · {report.mode} into {report.targets.join(', ')}
        </span>
        {stale && <span className="badge">for earlier code</span>}
      </header>
      <ul className="checks">
        {report.checks.map((check, index) => (
          <li key={`${check.name}-${index}`} className={check.ok ? 'check check--ok' : 'check check--failed'}>
            <span className="check__mark" aria-label={check.ok ? 'passed' : 'failed'}>
              {check.ok ? '✓' : '✗'}
            </span>
            <span className="check__name">
              {check.module === null ? '' : <code>{check.module}</code>} {check.name}
            </span>
            <span className="check__time">{formatDuration(check.ms)}</span>
            {check.output !== '' && <pre className="check__output">{check.output}</pre>}
          </li>
        ))}
      </ul>
    </section>
  );
}
