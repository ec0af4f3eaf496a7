import type { LineChange } from '../../../../shared/contract/panel';

/** "+3 −1", as a diff summary reads. */
export function shortLineChange(change: LineChange): string {
  return `+${change.added.toLocaleString('en')} −${change.removed.toLocaleString('en')}`;
}

/** "3 lines added, 1 removed", for screen readers and announcements. */
export function describeLineChange(change: LineChange): string {
  return `${change.added.toLocaleString('en')} ${change.added === 1 ? 'line' : 'lines'} added, ${change.removed.toLocaleString('en')} removed`;
}

/** Lines a version added and removed against the entry before it; nothing until the host has counted them. */
export function LineCount({ change, className }: { change: LineChange | undefined; className?: string }) {
  if (change === undefined) return null;
  return (
    <span className={['line-count', className].filter(Boolean).join(' ')} title={describeLineChange(change)} data-testid="line-count">
      <span aria-hidden="true">
        <span className="line-count__added">+{change.added.toLocaleString('en')}</span>{' '}
        <span className="line-count__removed">−{change.removed.toLocaleString('en')}</span>
      </span>
      <span className="visually-hidden">{describeLineChange(change)}</span>
    </span>
  );
}
