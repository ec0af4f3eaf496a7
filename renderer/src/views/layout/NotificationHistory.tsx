import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/app-store-context';
import { Time } from '../common/Time';

/** Every notice of this session, newest first, behind a header button (notices fade; this does not). */
export function NotificationHistory() {
  const history = useAppStore((state) => state.ui.noticeHistory);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);
  return (
    <div className="notification-history">
      <button
        type="button"
        className="button button--ghost"
        aria-expanded={open}
        aria-controls="notification-history"
        onClick={() => setOpen(!open)}
      >
        Notifications <span className="count">{history.length}</span>
      </button>
      {open && (
        <div
          id="notification-history"
          ref={panel}
          className="notification-history__panel"
          role="region"
          aria-label="Notification history"
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          {history.length === 0 ? (
            <p className="empty">No notifications yet.</p>
          ) : (
            <ol className="notification-history__list">
              {history.map((notice) => (
                <li key={notice.id} className={`notification-history__item notification-history__item--${notice.tone}`} data-testid="notice-history-item">
                  <p className="notification-history__text">{notice.text}</p>
                  {notice.detail !== undefined && <p className="muted small">{notice.detail}</p>}
                  {notice.at !== undefined && <Time ms={notice.at} className="muted small" />}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
