import type { LineChange } from '../../../../shared/contract/panel';
import type { VersionInfo } from '../../../../shared/history';
import { shortHash } from '../../../../shared/ids';
import { Chip } from '../common/Chip';
import { formatTime } from '../common/format';
import { Time } from '../common/Time';
import { versionKind } from '../common/labels';
import { LineCount } from '../common/LineCount';
import { useWantLineChanges } from './use-line-changes';

export const ROW_HEIGHT = 60;

/** One version on the timeline: a dot on the rail, what it is, when, its hash, lines changed and why. */
export function TimelineRow({ version, showModule, current, lines }: { version: VersionInfo; showModule: boolean; current: boolean; lines: LineChange | undefined }) {
  const kind = versionKind(version);
  useWantLineChanges(version.versionId, lines);
  return (
    <div className="timeline-row" data-version-id={version.versionId} data-state={version.state} data-testid="timeline-row">
      <span className="timeline-row__rail" aria-hidden="true">
        <span className={`timeline-row__dot dot--${kind.tone}`} />
      </span>
      <span className="timeline-row__body">
        <span className="timeline-row__line">
          <Chip tone={kind.tone}>{kind.label}</Chip>
          {showModule && <span className="timeline-row__module">{version.module}</span>}
          {current && <span className="badge badge--accent">Current</span>}
          <Time ms={version.createdAt} className="timeline-row__time" />
          <span className="visually-hidden">, recorded {formatTime(version.createdAt)}</span>
        </span>
        <span className="timeline-row__line timeline-row__line--secondary">
          <code className="hash" title={version.hash}>
            {shortHash(version.hash)}
          </code>
          {version.restoredFrom !== null && (
            <span className="badge badge--info">
              <span className="visually-hidden">restored </span>from {version.restoredFrom}
            </span>
          )}
          <LineCount change={lines} />
          {version.proposalId !== null && <span className="badge">{version.proposalId}</span>}
          <span className="timeline-row__reason" title={version.reason}>
            {version.reason}
          </span>
        </span>
      </span>
    </div>
  );
}
