import type { LineChange } from '../../../../shared/contract/panel';
import { shortHash } from '../../../../shared/ids';
import { describeLineChange, LineCount } from '../common/LineCount';
import { useWantLineChanges } from './use-line-changes';
import { formatRelative, formatTime } from '../common/format';
import type { Lane, Mark, MarkKind } from './lanes-model';

const KIND_LABELS: Readonly<Record<MarkKind, string>> = {
  stable: 'Stable',
  probation: 'On probation',
  candidate: 'Applied, not marked stable',
  failed: 'Failed or rolled back',
  restored: 'Rollback (restored)',
  checkpoint: 'Checkpoint',
};

/** One line for a mark: what it is, where, when, and what changed. */
export function describeMark(mark: Mark, lane: Lane, features: ReadonlyMap<string, string>, lines?: LineChange): string {
  const { version } = mark;
  const pins = [version.versionId === lane.liveId ? 'live now' : '', version.versionId === lane.stableId ? 'last stable' : ''].filter((pin) => pin !== '');
  const feature = version.proposalId === null ? '' : ` — proposal ${version.proposalId}: ${features.get(version.proposalId) ?? ''}`;
  const restored = version.restoredFrom === null ? '' : `, restored from ${version.restoredFrom}`;
  const changed = lines === undefined ? '' : `, ${describeLineChange(lines)}`;
  return `${lane.module} ${version.versionId}: ${KIND_LABELS[mark.kind]}${pins.length > 0 ? ` (${pins.join(', ')})` : ''}, ${formatTime(version.createdAt)}${restored}${changed}: ${version.reason}${feature}`;
}

/** What the hovered mark is and what changed, next to it. */
export function MarkTooltip({ mark, lane, x, y, width, features, lines }: { mark: Mark; lane: Lane; x: number; y: number; width: number; features: ReadonlyMap<string, string>; lines: LineChange | undefined }) {
  const { version } = mark;
  useWantLineChanges(version.versionId, lines);
  const feature = version.proposalId === null ? null : (features.get(version.proposalId) ?? null);
  const left = Math.min(x + 14, width - 300);
  return (
    <div className="lanes__tooltip" role="tooltip" style={{ left, top: y + 14 }} data-testid="lanes-tooltip">
      <p className="lanes__tooltip-title">
        <strong>{KIND_LABELS[mark.kind]}</strong> · <code>{lane.module}</code>
        {version.versionId === lane.liveId && <span className="badge badge--accent">live now</span>}
        {version.versionId === lane.stableId && <span className="badge">last stable</span>}
      </p>
      <p>
        <code>{version.versionId}</code> · <code>{shortHash(version.hash)}</code> · {formatRelative(version.createdAt)} ({formatTime(version.createdAt)})
      </p>
      <p>
        {version.reason} <LineCount change={lines} />
      </p>
      {feature !== null && <p className="muted">Proposal: {feature}</p>}
      {version.restoredFrom !== null && <p className="muted">Restored from {version.restoredFrom}</p>}
    </div>
  );
}

const LEGEND: readonly { kind: MarkKind; symbol: string }[] = [
  { kind: 'stable', symbol: '●' },
  { kind: 'probation', symbol: '○' },
  { kind: 'failed', symbol: '✕' },
  { kind: 'restored', symbol: '◆' },
  { kind: 'checkpoint', symbol: '■' },
];

export function LanesLegend() {
  return (
    <ul className="lanes__legend" aria-label="Legend">
      {LEGEND.map((entry) => (
        <li key={entry.kind} className={`lanes__legend-item lanes__legend-item--${entry.kind}`}>
          <span aria-hidden="true">{entry.symbol}</span> {KIND_LABELS[entry.kind]}
        </li>
      ))}
      <li className="lanes__legend-item">
        <span aria-hidden="true">⌒</span> a rollback, back to what it restored
      </li>
    </ul>
  );
}
