import { useMemo } from 'react';
import type { AssertionDetail } from '../../../../shared/history';
import { diffLines, type DiffLine } from '../../../../shared/line-diff';

/**
 * A failed assertion's expected and actual values side by side (stacked when narrow), the lines
 * that differ marked on each side: what the check wanted next to what it got.
 */
export function AssertionValues({ assertion }: { assertion: AssertionDetail }) {
  const { expected, actual } = useMemo(() => sides(assertion), [assertion]);
  return (
    <div className="assertion" data-testid="assertion-values">
      <p className="assertion__operator small muted">
        Assertion <code>{assertion.operator}</code> failed:
      </p>
      <AssertionSide title="Expected" testId="assertion-expected" lines={expected} differs="removed" />
      <AssertionSide title="Actual" testId="assertion-actual" lines={actual} differs="added" />
    </div>
  );
}

function AssertionSide({ title, testId, lines, differs }: { title: string; testId: string; lines: readonly DiffLine[]; differs: 'added' | 'removed' }) {
  return (
    <figure className="assertion__side">
      <figcaption className="assertion__title">{title}</figcaption>
      <pre className="assertion__value" data-testid={testId} tabIndex={0} aria-label={`${title} value`}>
        {lines.map((line, index) => (
          <span key={index} className={line.kind === differs ? `assertion__line assertion__line--${differs}` : 'assertion__line'}>
            {line.text === '' ? ' ' : line.text}
          </span>
        ))}
      </pre>
    </figure>
  );
}

/** Each side's lines; on each, the lines the other side does not have are marked. */
function sides(assertion: AssertionDetail): { expected: DiffLine[]; actual: DiffLine[] } {
  const diff = diffLines(assertion.expected, assertion.actual);
  return {
    expected: diff.lines.filter((line) => line.kind !== 'added'),
    actual: diff.lines.filter((line) => line.kind !== 'removed'),
  };
}
