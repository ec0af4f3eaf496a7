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
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), notice.tone === 'error' ? VISIBLE_MS * 2 : VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div className={`notice-card notice-card--${notice.tone}`}>
      <div className="notice-card__text">
        <p className="notice-card__title">{notice.text}</p>
        {notice.detail !== undefined && <p className="notice-card__detail">{notice.detail}</p>}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={() => dismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}
