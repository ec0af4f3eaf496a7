import type { ConnectionStatus } from '../../transport/connection';
import { useAppStore } from '../../store/app-store-context';
import { NewLinkForm } from './NewLinkForm';

const LABELS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function ConnectionBadge() {
  const status = useAppStore((state) => state.connection.status);
  const detail = useAppStore((state) => state.connection.detail);
  return (
    <div className="connection" role="status" aria-live="polite" data-testid="connection-status" data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{LABELS[status]}</span>
      {detail !== null && (
        <span className="connection__detail" title={detail}>
          {detail}
        </span>
      )}
    </div>
  );
}

/** The full reason in the page body while the panel is not connected; the badge may truncate it. */
export function ConnectionNotice() {
  const status = useAppStore((state) => state.connection.status);
  const detail = useAppStore((state) => state.connection.detail);
  if (status === 'connected' || status === 'connecting') return null;
  return (
    <div className="notice" data-testid="connection-notice">
      <p className="notice__title">{status === 'offline' ? 'Not connected to the agent.' : 'Reconnecting to the agent…'}</p>
      {detail !== null && <p className="notice__message">{detail}</p>}
      <p className="notice__hint">
        What the panel shows is the last state received: the modules' state is unknown, and actions are off until it reconnects.
        If the host was restarted, open the new link it printed.
      </p>
      {window.location.protocol.startsWith('http') && <NewLinkForm />}
    </div>
  );
}
