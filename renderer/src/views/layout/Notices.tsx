import { useEffect } from 'react';
import type { Notice } from '../../store/ui-slice';
import { useAppStore } from '../../store/app-store-context';

const VISIBLE_MS = 7000;

/** Live changes pushed by the main process, as short notices in the corner. */
export function Notices() {
  const notices = useAppStore((state) => state.ui.notices);
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {notices.map((notice) => (
        <NoticeCard key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

function NoticeCard({ notice }: { notice: Notice }) {
  const dismiss = useAppStore((state) => state.dismissNotice);
  const askRollback = useAppStore((state) => state.askRollback);
  const restoreTarget = useAppStore((state) =>
    notice.restore === undefined ? undefined : state.timeline.versions.find((version) => version.versionId === notice.restore?.versionId),
  );
  useEffect(() => {
    // Errors stay until dismissed: a failure must not disappear while the person looks elsewhere.
    if (notice.tone === 'error') return undefined;
    const timer = setTimeout(() => dismiss(notice.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div className={`notice-card notice-card--${notice.tone}`} data-testid="notice" data-tone={notice.tone}>
      <div className="notice-card__text">
        <p className="notice-card__title">
          {notice.text}
          {(notice.repeats ?? 1) > 1 && <span className="badge"> ×{notice.repeats}</span>}
        </p>
        {notice.detail !== undefined && <p className="notice-card__detail">{notice.detail}</p>}
        {notice.restore !== undefined && restoreTarget !== undefined && (
          <button
            type="button"
            className="button button--small"
            title={`Restore ${restoreTarget.module} to ${restoreTarget.versionId}, the backup taken before this rollback`}
            onClick={() => {
              dismiss(notice.id);
              askRollback(restoreTarget);
            }}
          >
            {notice.restore.label}
          </button>
        )}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={() => dismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}
