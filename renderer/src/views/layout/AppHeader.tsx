import { useAppStore } from '../../store/app-store-context';
import { ConnectionBadge } from './ConnectionBadge';
import { NotificationHistory } from './NotificationHistory';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

/** The top bar: what this is, which workspace, what is happening now, theme and link state. */
export function AppHeader() {
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          S
        </span>
        <h1 className="app-header__name">Saraphina Control Panel</h1>
      </div>
      <WorkspacePath />
      <ActivityIndicator />
      <NotificationHistory />
      <ThemeToggle />
      <ConnectionBadge />
    </header>
  );
}

function WorkspacePath() {
  const info = useAppStore((state) => state.workspace.info);
  return <WorkspaceSwitcher root={info?.root} />;
}

const CHANGE_VERBS = { reload: 'Reloading', rollback: 'Rolling back', apply: 'Applying' } as const;

/** The change the main process is making right now, pushed live (changeStarted / changeFinished). */
function ActivityIndicator() {
  const running = useAppStore((state) => state.activity.running);
  const latest = running.at(-1);
  return (
    <div className="activity" role="status" aria-live="polite" data-testid="activity">
      {latest !== undefined && (
        <>
          <span className="spinner" aria-hidden="true" />
          <span>
            {CHANGE_VERBS[latest.change]} <code>{latest.module}</code>…
          </span>
        </>
      )}
    </div>
  );
}

function ThemeToggle() {
  const theme = useAppStore((state) => state.ui.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button button--ghost theme-toggle"
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      onClick={() => setTheme(next)}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
      <span className="theme-toggle__label">{theme === 'dark' ? 'Light' : 'Dark'}</span>
    </button>
  );
}
