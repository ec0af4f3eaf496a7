import { useCallback, useMemo, useState } from 'react';
import type { VersionInfo } from '../../../../shared/history';
import { useAppStore } from '../../store/app-store-context';
import { ErrorNotice } from '../common/ErrorNotice';
import { plural } from '../common/format';
import { VirtualList } from '../common/VirtualList';
import { TimelineRow, ROW_HEIGHT } from './TimelineRow';
import { LanesView } from './LanesView';
import { VersionPane } from './VersionPane';
import { markKind, matchesFilter } from './lanes-model';
import { TimelineFilters } from './TimelineFilters';

/**
 * Every version of every module (or of the module selected in the sidebar), newest first.
 * Entries are only added: a rollback shows up as a new "restored from …" entry. The history
 * comes in pages: older ones are asked for as the end of the list comes into view.
 */
export function TimelineView() {
  const versions = useAppStore((state) => state.timeline.versions);
  const loaded = useAppStore((state) => state.timeline.loaded);
  const error = useAppStore((state) => state.timeline.error);
  const selectedId = useAppStore((state) => state.timeline.selectedId);
  const olderFrom = useAppStore((state) => state.timeline.olderFrom);
  const loadingOlder = useAppStore((state) => state.timeline.loadingOlder);
  const loadOlderVersions = useAppStore((state) => state.loadOlderVersions);
  const selectVersion = useAppStore((state) => state.selectVersion);
  const module = useAppStore((state) => state.modules.selectedId);
  const modules = useAppStore((state) => state.modules.list);
  const filter = useAppStore((state) => state.timeline.filter);
  const lineChanges = useAppStore((state) => state.timeline.lineChanges);
  const proposals = useAppStore((state) => state.proposals.list);
  const features = useMemo(() => new Map(proposals.map((proposal) => [proposal.id as string, proposal.feature])), [proposals]);

  const shown = useMemo(() => {
    const now = Date.now();
    return versions.filter((version) => (module === null || version.module === module) && matchesFilter(version, markKind(version, now), filter, features));
  }, [versions, module, filter, features]);
  const heads = useMemo(() => new Set(modules.map((entry) => entry.currentVersionId)), [modules]);
  const [lanesShown, setLanesShown] = useState(true);
  const loadOlder = useCallback(() => void loadOlderVersions(), [loadOlderVersions]);
  const selected = shown.find((version) => version.versionId === selectedId) ?? null;

  return (
    <div className="timeline-page">
      <TimelineFilters />
      {lanesShown && <LanesView />}
      <div className="timeline" data-testid="timeline">
        <section className="timeline__list" aria-labelledby="timeline-heading">
          <header className="section-header">
            <h2 id="timeline-heading" className="section-title">
              {module === null ? 'All modules' : <code>{module}</code>}
            </h2>
            <span className="muted small" data-testid="timeline-count">
              {loaded ? plural(shown.length, 'version') : 'Loading…'}
              {loaded && olderFrom !== null && (loadingOlder ? ' · loading older…' : ' · older ones load as you scroll')}
            </span>
            <label className="checkbox small">
              <input type="checkbox" checked={lanesShown} onChange={(event) => setLanesShown(event.target.checked)} />
              Lanes
            </label>
          </header>
          {error !== null && <ErrorNotice error={error} context="Could not read the version history." />}
          {loaded && shown.length === 0 && <p className="empty">{versions.length === 0 ? 'No versions recorded yet.' : 'No version matches these filters.'}</p>}
          <VirtualList<VersionInfo>
            items={shown}
            rowHeight={ROW_HEIGHT}
            getKey={(version) => version.versionId}
            renderRow={(version) => (
              <TimelineRow version={version} showModule={module === null} current={heads.has(version.versionId)} lines={lineChanges.get(version.versionId)} />
            )}
            selectedKey={selectedId}
            onSelect={(version) => selectVersion(version.versionId)}
            ariaLabel={module === null ? 'Versions of all modules' : `Versions of ${module}`}
            testId="timeline-list"
            {...(olderFrom === null ? {} : { onNearEnd: loadOlder })}
          />
        </section>
        <section className="timeline__detail" aria-label="Selected version">
          {selected === null ? (
            <p className="empty empty--center">Select a version to see what it changed and to roll back to it.</p>
          ) : (
            <VersionPane version={selected} current={heads.has(selected.versionId)} lines={lineChanges.get(selected.versionId)} />
          )}
        </section>
      </div>
    </div>
  );
}
