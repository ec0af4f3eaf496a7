/** Shown when the page is opened over HTTP without the host's access token: no connection is made. */
export function AccessLinkNeeded() {
  return (
    <main className="access-needed" data-testid="access-link-needed">
      <h1 className="access-needed__title">Saraphina Control Panel</h1>
      <p role="alert">
        This panel needs the access link printed by <code>npm run cli -- serve</code>.
      </p>
      <p className="access-needed__hint">
        Open the full link from the terminal, including its <code>?token=…</code> part. The token keeps other pages
        and people on this machine from controlling the agent.
      </p>
    </main>
  );
}
