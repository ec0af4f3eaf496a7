import { useLayoutEffect } from 'react';
import { useAppStore } from './store/app-store-context';
import type { TabId } from './store/ui-slice';
import { AuditView } from './views/audit/AuditView';
import { ErrorNotice } from './views/common/ErrorNotice';
import { ConsoleView } from './views/console/ConsoleView';
import { LogsView } from './views/logs/LogsView';
import { AccessLinkInvalid } from './views/layout/AccessLinkInvalid';
import { AppHeader } from './views/layout/AppHeader';
import { ConnectionNotice } from './views/layout/ConnectionBadge';
import { AgentBanner } from './views/layout/AgentBanner';
import { Notices } from './views/layout/Notices';
import { Sidebar } from './views/layout/Sidebar';
import { panelId, tabId, useTabShortcuts, ViewTabs } from './views/layout/ViewTabs';
import { ProposalsView } from './views/proposals/ProposalsView';
import { RollbackDialog } from './views/timeline/RollbackDialog';
import { TimelineView } from './views/timeline/TimelineView';

/** The panel: header, the module sidebar, and the views as tabs. */
export function App() {
  useTabShortcuts();
  useThemeOnDocument();
  const connection = useAppStore((state) => state.connection);
  if (connection.accessDenied === true) return <AccessLinkInvalid detail={connection.detail} />;
  return (
    <div className="app">
      <a className="skip-link" href="#main-view">
        Skip to the main view
      </a>
      <AppHeader />
      <div className="app-body">
        <Sidebar />
        <main className="app-main" id="main-view" tabIndex={-1}>
          <ViewTabs />
          <ConnectionNotice />
          <AgentBanner />
          <WorkspaceError />
          <ActiveView connected={connection.status === 'connected'} />
        </main>
      </div>
      <Notices />
      <RollbackDialog />
    </div>
  );
}

const VIEWS: Readonly<Record<TabId, () => React.ReactNode>> = {
  proposals: () => <ProposalsView />,
  timeline: () => <TimelineView />,
  audit: () => <AuditView />,
  console: () => <ConsoleView />,
  logs: () => <LogsView />,
};

/** The view; while the host is not reachable its controls are disabled (what they would change is unknown). */
function ActiveView({ connected }: { connected: boolean }) {
  const tab = useAppStore((state) => state.ui.tab);
  return (
    <section className="view" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
      <fieldset className="view__controls" disabled={!connected} data-testid="view-controls">
        {VIEWS[tab]()}
      </fieldset>
    </section>
  );
}

function WorkspaceError() {
  const error = useAppStore((state) => state.workspace.error);
  return error === null ? null : <ErrorNotice error={error} context="Could not read the workspace." testId="workspace-error" />;
}

/**
 * The theme as an attribute on <html>, which the style tokens follow. Set while React commits,
 * so views that read the tokens after it (the lanes' canvas) see the new theme's colours.
 */
function useThemeOnDocument(): void {
  const theme = useAppStore((state) => state.ui.theme);
  useLayoutEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
}
