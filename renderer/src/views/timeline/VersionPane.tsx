import type { LineChange } from '../../../../shared/contract/panel';
import type { VersionInfo } from '../../../../shared/history';
import { shortHash } from '../../../../shared/ids';
import { DiffView } from '../../monaco/DiffView';
import { useAppStore } from '../../store/app-store-context';
import { useModuleSource, useVersionDetail } from '../../store/use-files';
import { Chip } from '../common/Chip';
import { ErrorNotice } from '../common/ErrorNotice';
import { CopyButton } from '../common/CopyButton';
import { formatTime } from '../common/format';
import { versionKind } from '../common/labels';
import { LineCount } from '../common/LineCount';
import { useWantLineChanges } from './use-line-changes';

/** The selected version: its facts, its diff (to the file now, or to the version before it), rollback. */
export function VersionPane({ version, current, lines }: { version: VersionInfo; current: boolean; lines: LineChange | undefined }) {
  const compareWith = useAppStore((state) => state.timeline.compareWith);
  const setCompareWith = useAppStore((state) => state.setCompareWith);
  const selectVersion = useAppStore((state) => state.selectVersion);
  const askRollback = useAppStore((state) => state.askRollback);
  const compareInAudit = useAppStore((state) => state.compareInAudit);
  const selectProposal = useAppStore((state) => state.selectProposal);
  const setTab = useAppStore((state) => state.setTab);
  const setReloadModule = useAppStore((state) => state.setReloadModule);
  const openProposal = (id: string | null) => {
    selectProposal(id);
    setTab('proposals');
  };
  const openReloads = (module: VersionInfo['module']) => {
    setReloadModule(module);
    setTab('audit');
  };
  const showReloadOf = useAppStore((state) => state.showReloadOf);
  const recordedBy = useAppStore((state) => state.audit.reloads.some((record) => record.versionId === version.versionId));
  const detail = useVersionDetail(version.versionId);
  const source = useModuleSource(version.module);
  const kind = versionKind(version);
  useWantLineChanges(version.versionId, lines);
  const fileMatches = source?.status === 'ready' && source.value.hash === version.hash;
  const backup = useAppStore((state) => (current && version.state === 'restored' ? backupBefore(state.timeline.versions, version) : null));
  const forward = useAppStore((state) => isNewerThanRunning(state.timeline.versions, version, state.modules.list.find((entry) => entry.id === version.module)?.currentVersionId ?? null));

  return (
    <article className="version-pane" data-testid="version-pane" data-version-id={version.versionId}>
      <header className="version-pane__header">
        <div className="version-pane__title">
          <Chip tone={kind.tone}>{kind.label}</Chip>
          <h3 className="version-pane__id">{version.versionId}</h3>
          <CopyButton text={version.versionId} what="version id" />
          {current && <span className="badge badge--accent">Current</span>}
        </div>
        <div className="version-pane__actions">
          <button
            type="button"
            className="button"
            onClick={() => compareInAudit({ kind: 'version', versionId: version.versionId }, { kind: 'current', module: version.module })}
          >
            Compare in audit
          </button>
          {backup !== null && (
            <button
              type="button"
              className="button"
              onClick={() => askRollback(backup)}
              title={`Restore ${backup.versionId}, the file as it was before this rollback`}
            >
              Undo this rollback
            </button>
          )}
          <button
            type="button"
            className="button button--primary"
            onClick={() => askRollback(version)}
            disabled={fileMatches}
            title={fileMatches ? 'The file already has this content.' : `Restore ${version.module}.ts to this version`}
          >
            {forward ? 'Roll forward to this version' : 'Roll back to this version'}
          </button>
        </div>
      </header>
      <dl className="facts">
        <Fact term="Module" value={<code>{version.module}</code>} />
        <Fact term="Recorded" value={formatTime(version.createdAt)} />
        <Fact
          term="Hash"
          value={
            <>
              <code title={version.hash}>{shortHash(version.hash)}</code>
              <CopyButton text={version.hash} what="hash" />
            </>
          }
        />
        <Fact term="Size" value={`${version.size.toLocaleString('en')} bytes`} />
        {lines !== undefined && <Fact term="Lines changed" value={<LineCount change={lines} />} />}
        <Fact term="Reason" value={version.reason} wide />
        {version.restoredFrom !== null && (
          <Fact
            term="Restored from"
            value={
              <button type="button" className="link-button" onClick={() => selectVersion(version.restoredFrom)}>
                {version.restoredFrom}
              </button>
            }
          />
        )}
        {version.proposalId !== null && (
          <Fact
            term="Proposal"
            value={
              <button type="button" className="link-button" onClick={() => openProposal(version.proposalId)}>
                {version.proposalId}
              </button>
            }
          />
        )}
        <Fact
          term="Reloads"
          value={
            <button type="button" className="link-button" onClick={() => openReloads(version.module)}>
              reload history of {version.module}
            </button>
          }
        />
        {recordedBy && (
          <Fact
            term="Recorded by"
            value={
              <button type="button" className="link-button" onClick={() => showReloadOf(version)} data-testid="version-reload-link">
                its reload in the audit
              </button>
            }
          />
        )}
        {version.probationUntil !== null && <Fact term="Probation until" value={formatTime(version.probationUntil)} />}
      </dl>
      <div className="version-pane__compare">
        <fieldset className="segmented">
          <legend className="visually-hidden">Compare this version with</legend>
          <label className="segmented__option">
            <input type="radio" name="compare-with" checked={compareWith === 'current'} onChange={() => setCompareWith('current')} />
            <span>Against the current file</span>
          </label>
          <label className="segmented__option">
            <input type="radio" name="compare-with" checked={compareWith === 'previous'} onChange={() => setCompareWith('previous')} />
            <span>Against the previous version</span>
          </label>
        </fieldset>
        {fileMatches && compareWith === 'current' && <span className="muted small">Identical to the file on disk.</span>}
      </div>
      <VersionDiff version={version} compareWith={compareWith} detail={detail} source={source} />
    </article>
  );
}

function VersionDiff({
  version,
  compareWith,
  detail,
  source,
}: {
  version: VersionInfo;
  compareWith: 'current' | 'previous';
  detail: ReturnType<typeof useVersionDetail>;
  source: ReturnType<typeof useModuleSource>;
}) {
  if (detail?.status === 'error') return <ErrorNotice error={detail.error} context="Could not read this version." />;
  if (compareWith === 'current' && source?.status === 'error') {
    return <ErrorNotice error={source.error} context={`Could not read ${version.module}.ts.`} />;
  }
  const content = detail?.status === 'ready' ? detail.value : null;
  const file = source?.status === 'ready' || source?.status === 'loading' ? (source.value ?? null) : null;
  if (content === null || (compareWith === 'current' && file === null)) return <p className="empty">Loading the contents…</p>;
  if (compareWith === 'previous' && content.previous === null) {
    return <p className="empty">This is the first recorded version of {version.module}: there is nothing before it.</p>;
  }
  const [original, modified, originalLabel, modifiedLabel] =
    compareWith === 'current'
      ? [content.content, file?.content ?? '', `${version.versionId} (this version)`, `${version.module}.ts on disk now`]
      : [content.previousContent ?? '', content.content, `${content.previous?.versionId ?? ''} (previous)`, `${version.versionId} (this version)`];
  return (
    <DiffView
      original={original}
      modified={modified}
      originalLabel={originalLabel}
      modifiedLabel={modifiedLabel}
      ariaLabel={`Diff of ${version.versionId} against ${compareWith === 'current' ? 'the current file' : 'the previous version'}`}
      testId="timeline-diff"
    />
  );
}

/** The backup a rollback took just before it restored `restored` (the next older entry of the module). */
function backupBefore(versions: readonly VersionInfo[], restored: VersionInfo): VersionInfo | null {
  const index = versions.indexOf(restored);
  if (index < 0) return null;
  const older = versions.slice(index + 1).find((version) => version.module === restored.module);
  return older?.state === 'pre_rollback' ? older : null;
}

/** A version recorded after the one that runs now (whose code may be a restored older one). */
function isNewerThanRunning(versions: readonly VersionInfo[], version: VersionInfo, runningId: string | null): boolean {
  const running = versions.find((entry) => entry.versionId === runningId);
  if (running === undefined || running.versionId === version.versionId) return false;
  const origin = running.restoredFrom === null ? running : (versions.find((entry) => entry.versionId === running.restoredFrom) ?? running);
  return version.createdAt > origin.createdAt && version.state !== 'pre_rollback';
}

function Fact({ term, value, wide = false }: { term: string; value: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'facts__item facts__item--wide' : 'facts__item'}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
