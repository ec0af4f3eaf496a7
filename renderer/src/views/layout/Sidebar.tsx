import type { ModuleOverview } from '../../../../shared/contract/panel';
import { shortHash } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import { Chip } from '../common/Chip';
import { ErrorNotice } from '../common/ErrorNotice';
import { plural } from '../common/format';
import { HEALTH } from '../common/labels';
import { AutoReloadToggle } from './AutoReloadToggle';
import { LateCallsNotice } from './LateCallsNotice';
import { ModuleLiveState } from './ModuleLiveState';

/** Every module with its health; selecting one filters the views, "All modules" clears it. */
export function Sidebar() {
  const list = useAppStore((state) => state.modules.list);
  const selectedId = useAppStore((state) => state.modules.selectedId);
  const loading = useAppStore((state) => state.modules.loading);
  const error = useAppStore((state) => state.modules.error);
  const revision = useAppStore((state) => state.modules.revision);
  const selectModule = useAppStore((state) => state.selectModule);

  return (
    <nav className="sidebar" aria-labelledby="modules-heading">
      <header className="sidebar__header">
        <h2 id="modules-heading" className="sidebar__title">
          Modules <span className="count">{list.length}</span>
        </h2>
        {loading && <span className="muted small">Loading…</span>}
      </header>
      <AutoReloadToggle />
      {error !== null && <ErrorNotice error={error} context="Could not list modules." testId="modules-error" />}
      <ul className="module-list" aria-label="Modules" aria-busy={loading} data-testid="module-list">
        <li>
          <button
            type="button"
            className="module-item module-item--all"
            aria-pressed={selectedId === null}
            onClick={() => selectModule(null)}
          >
            <span className="module-item__name">All modules</span>
            <span className="module-item__meta">Show every module in the views</span>
          </button>
        </li>
        {list.map((module) => (
          <ModuleItem
            key={module.id}
            module={module}
            selected={module.id === selectedId}
            onSelect={() => selectModule(module.id === selectedId ? null : module.id)}
          />
        ))}
      </ul>
      {list.length === 0 && !loading && revision > 0 && (
        <p className="sidebar__empty">This workspace has no modules yet. Add a .ts file under modules/.</p>
      )}
    </nav>
  );
}

function ModuleItem({ module, selected, onSelect }: { module: ModuleOverview; selected: boolean; onSelect: () => void }) {
  const connected = useAppStore((state) => state.connection.status === 'connected');
  const health = connected ? HEALTH[module.health] : UNKNOWN;
  const failure = module.lastFailure?.current === true ? module.lastFailure : null;
  // A background error of the code that serves now (one that caused a rollback is the failure above).
  const last = module.backgroundErrors.last;
  const background = last !== null && last.hash === module.hash && last.action === 'recorded' ? last : null;
  return (
    <li
      className="module-entry"
      data-testid="module-row"
      data-module-id={module.id}
      data-health={connected ? module.health : 'unknown'}
      data-selected={selected}
      data-disk-changed={module.disk.changed}
    >
      <button type="button" className="module-item" aria-pressed={selected} onClick={onSelect} title={`${module.id}: ${health.description}`}>
        <span className="module-item__top">
          <span className={`dot dot--${health.tone}`} aria-hidden="true" />
          <span className="module-item__name" title={module.id}>
            {module.id}
          </span>
          <Chip tone={health.tone}>{health.label}</Chip>
        </span>
        <span className="module-item__meta">
          <code className="hash" title={module.hash ?? 'The file could not be read.'}>
            {module.hash === null ? 'unreadable' : shortHash(module.hash)}
          </code>
          <span>{plural(module.transitiveDependents.length, 'dependent')}</span>
          <span className={module.inFlight > 0 ? 'busy' : undefined}>{module.inFlight} in flight</span>
        </span>
        {module.lastError !== null && (
          <span className="module-item__error">
            <code>{module.lastError.code}</code> {module.lastError.message}
          </span>
        )}
        {module.health === 'reload_failed' && failure === null && module.lastReload?.error && (
          <span className="module-item__error">{module.lastReload.error.message}</span>
        )}
        {background !== null && (
          <span className="module-item__error" data-testid="background-error" title={background.stack}>
            {background.kind} in the background{module.backgroundErrors.count > 1 ? ` (${module.backgroundErrors.count} so far)` : ''}:{' '}
            {background.message}
            {background.location !== null && <code> {background.location}</code>}
            {background.earlierRun && <span data-testid="background-error-earlier"> — before the agent restarted</span>}
          </span>
        )}
      </button>
      {connected && <ModuleLiveState module={module} failure={failure} />}
      {connected && <LateCallsNotice module={module.id} />}
    </li>
  );
}

const UNKNOWN = { label: 'Unknown', tone: 'neutral', description: 'Not connected to the host: its state is unknown.' } as const;
