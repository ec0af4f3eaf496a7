import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, subscribe } from '../../shared/contract/client';
import { panelService } from '../../shared/contract/panel';
import { workspaceService, type WorkspaceService } from '../../shared/contract/workspaces';
import { App } from './App';
import { agentService } from '../../shared/contract/agent';
import { createAppStore, connectStore, fetchState } from './store/app-store';
import { AppStoreProvider } from './store/app-store-context';
import { draftsFromFragment } from './store/drafts-transfer';
import { persistPreferences, readPreferences } from './store/preferences';
import { checkAccessLink } from './transport/access-check';
import { chooseConnection } from './transport/choose-connection';
import { AccessLinkNeeded } from './views/layout/AccessLinkNeeded';
import { AgentLinkProvider } from './views/layout/AgentBanner';
import { WorkspaceClientProvider } from './views/layout/WorkspaceSwitcher';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/feedback.css';
import './styles/editors.css';
import './styles/timeline.css';
import './styles/audit.css';
import './styles/console.css';
import './styles/logs.css';
import './styles/proposals.css';
import './styles/live.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
const root = createRoot(container);

const choice = chooseConnection(
  { saraphina: window.saraphina, location: window.location },
  { checkAccess: () => checkAccessLink(window.location) },
);
if (choice.kind === 'needs-access-link') {
  root.render(<AccessLinkNeeded />);
} else {
  // Drafts carried over from the previous host's page (after a restart, in the link's fragment).
  const carried = draftsFromFragment(window.location.hash);
  if (carried !== null) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  const preferences = readPreferences(window.localStorage, window.matchMedia('(prefers-color-scheme: dark)').matches, carried);
  const store = createAppStore(createClient(panelService, choice.connection.transport), preferences);
  persistPreferences(store, window.localStorage);
  connectStore(store, choice.connection);
  // Another workspace serves now: start over on it, so nothing of the previous one lingers.
  subscribe<WorkspaceService, 'workspaceChanged'>(choice.connection.transport, 'workspaceChanged', () => window.location.reload());
  root.render(
    <StrictMode>
      <AppStoreProvider store={store}>
        <WorkspaceClientProvider client={createClient(workspaceService, choice.connection.transport)}>
          <AgentLinkProvider link={{ client: createClient(agentService, choice.connection.transport), transport: choice.connection.transport, onServing: () => fetchState(store) }}>
            <App />
          </AgentLinkProvider>
        </WorkspaceClientProvider>
      </AppStoreProvider>
    </StrictMode>,
  );
}
