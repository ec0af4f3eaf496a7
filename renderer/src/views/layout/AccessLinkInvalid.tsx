import { ACCESS_LINK_INVALID } from '../../transport/websocket-connection';
import { NewLinkForm } from './NewLinkForm';

/** The host refused this page's token: the link is stale (the host restarted) or mistyped. */
export function AccessLinkInvalid({ detail }: { detail: string | null }) {
  return (
    <main className="access-needed" data-testid="access-link-invalid">
      <h1 className="access-needed__title">Saraphina Control Panel</h1>
      <p role="alert">This access link is not valid (was the host restarted?).</p>
      <p className="access-needed__hint">
        Each start of <code>npm run cli -- serve</code> prints a new link with a new token. Open the link it printed
        last, including its <code>?token=…</code> part.
      </p>
      {detail !== null && detail !== ACCESS_LINK_INVALID && <p className="access-needed__hint">{detail}</p>}
      <NewLinkForm />
    </main>
  );
}
