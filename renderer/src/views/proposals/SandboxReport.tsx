import type { SandboxCheck, SandboxReport as Report } from '../../../../shared/proposals';
import { Chip } from '../common/Chip';
import { AssertionValues } from './AssertionValues';
import { formatDuration, formatTime, plural } from '../common/format';
import { locationsIn, type CodeLocation } from './proposal-location';

/** The proposal's own line for a location in the file the sandbox wrote, or null. */
export type Locate = (location: CodeLocation) => number | null;

/**
 * The latest sandbox run: a summary line ("2 of 17 checks failed"), the failures first with
 * links to the proposal's own lines, then the checks that passed.
 */
export function SandboxReport({
  report,
  stale,
  locate = () => null,
  onShowLine,
}: {
  report: Report;
  stale: boolean;
  locate?: Locate;
  onShowLine?: (line: number, message: string) => void;
}) {
  const failed = report.checks.filter((check) => !check.ok);
  const passed = report.checks.filter((check) => check.ok);
  return (
    <section className="sandbox-report" aria-label="Sandbox report" data-testid="sandbox-report" data-passed={report.passed}>
      <header className="sandbox-report__header">
        <Chip tone={report.passed ? 'ok' : 'danger'}>{report.passed ? 'Sandbox passed' : 'Sandbox failed'}</Chip>
        <strong className="small" data-testid="sandbox-summary">
          {failed.length === 0 ? `All ${plural(report.checks.length, 'check')} passed` : `${failed.length} of ${plural(report.checks.length, 'check')} failed`}
        </strong>
        <span className="muted small">
          {formatTime(report.startedAt)} · {formatDuration(report.durationMs)} · {report.mode} into {report.targets.join(', ')}
        </span>
        {stale && <span className="badge">for earlier code</span>}
      </header>
      {report.protections !== undefined && (
        <div className="sandbox-report__protections" data-testid="sandbox-protections">
          <Chip tone={report.protections.osSandbox === null ? 'danger' : 'ok'}>
            {report.protections.osSandbox === null ? 'No OS sandbox' : `OS sandbox: ${report.protections.osSandbox}`}
          </Chip>
          <ul className="muted small">
            {report.protections.list
              .filter((item) => !item.active)
              .map((item) => (
                <li key={item.name}>
                  {item.name}: {item.detail}
                </li>
              ))}
          </ul>
        </div>
      )}
      <ul className="checks">
        {[...failed, ...passed].map((check, index) => (
          <CheckItem key={`${check.name}-${index}`} check={check} locate={locate} onShowLine={onShowLine} />
        ))}
      </ul>
    </section>
  );
}

function CheckItem({ check, locate, onShowLine }: { check: SandboxCheck; locate: Locate; onShowLine: ((line: number, message: string) => void) | undefined }) {
  const lines = check.ok || onShowLine === undefined ? [] : [...new Set(locationsIn(check.output).map(locate).filter((line): line is number => line !== null))];
  return (
    <li className={check.ok ? 'check check--ok' : 'check check--failed'} data-testid="sandbox-check" data-ok={check.ok}>
      <span className="check__mark" aria-label={check.ok ? 'passed' : 'failed'}>
        {check.ok ? '✓' : '✗'}
      </span>
      <span className="check__name">
        {check.module === null ? '' : <code>{check.module}</code>} {check.name}
      </span>
      <span className="check__time">{formatDuration(check.ms)}</span>
      {check.output !== '' && <pre className="check__output">{check.output}</pre>}
      {check.assertion !== undefined && <AssertionValues assertion={check.assertion} />}
      {lines.length > 0 && (
        <span className="check__lines">
          {lines.map((line) => (
            <button key={line} type="button" className="link-button" onClick={() => onShowLine?.(line, check.output.split('\n', 1)[0] ?? check.name)}>
              Open line {line} of the proposal
            </button>
          ))}
        </span>
      )}
    </li>
  );
}
