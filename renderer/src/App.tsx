import { useAppStore } from './store/app-store-context';
import { ConnectionBadge, ConnectionNotice } from './views/ConnectionBadge';
import { ErrorNotice } from './views/ErrorNotice';
import { ModuleList } from './views/ModuleList';

/** The panel's frame: a header saying what it is attached to, then the workspace's views. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-header__name">Saraphina Control Panel</h1>
        <WorkspacePath />
        <ConnectionBadge />
      </header>
      <main className="app-main">
        <ConnectionNotice />
        <WorkspaceError />
        <ModuleList />
      </main>
    </div>
  );
}

function WorkspacePath() {
  const info = useAppStore((state) => state.workspace.info);
  return (
    <p className="app-header__workspace" data-testid="workspace-path" title={info?.root}>
      <span className="app-header__workspace-label">Workspace</span>
      <span className="app-header__workspace-root">{info?.root ?? '…'}</span>
    </p>
  );
}

function WorkspaceError() {
  const error = useAppStore((state) => state.workspace.error);
  return error === null ? null : <ErrorNotice error={error} context="Could not read the workspace." testId="workspace-error" />;
}
