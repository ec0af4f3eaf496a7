import type { ModuleInfo, ModuleState } from '../../../shared/contract/panel';
import { shortHash, type ModuleId } from '../../../shared/ids';
import { useAppStore } from '../store/app-store-context';
import { ErrorNotice } from './ErrorNotice';

const STATE_LABELS: Readonly<Record<ModuleState, string>> = {
  loaded: 'Loaded',
  not_loaded: 'Not loaded',
  failed: 'Failed',
  declined: 'Declines reload',
};

const STATE_DESCRIPTIONS: Readonly<Record<ModuleState, string>> = {
  loaded: 'Running; changes are swapped in live.',
  not_loaded: 'Present on disk but not running.',
  failed: 'Its last load failed; the error is shown below the state.',
  declined: 'Running, but the module declines hot reload: a change needs a restart.',
};

/** Every module of the workspace with its version, links and state; a row click selects it. */
export function ModuleList() {
  const list = useAppStore((state) => state.modules.list);
  const selectedId = useAppStore((state) => state.modules.selectedId);
  const loading = useAppStore((state) => state.modules.loading);
  const error = useAppStore((state) => state.modules.error);
  const revision = useAppStore((state) => state.modules.revision);
  const selectModule = useAppStore((state) => state.selectModule);

  return (
    <section className="panel" aria-labelledby="modules-heading">
      <header className="panel__header">
        <h2 id="modules-heading" className="panel__title">
          Modules <span className="panel__count">{list.length}</span>
        </h2>
        {loading && <span className="panel__busy">Loading…</span>}
      </header>
      {error !== null && <ErrorNotice error={error} context="Could not list modules." testId="modules-error" />}
      <div className="table-scroll">
        <table className="module-table" aria-label="Modules" aria-busy={loading} data-testid="module-list">
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Imports</th>
              <th scope="col">Imported by</th>
            </tr>
          </thead>
          <tbody>
            {list.map((module) => (
              <ModuleRow
                key={module.id}
                module={module}
                selected={module.id === selectedId}
                onSelect={() => selectModule(module.id === selectedId ? null : module.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {list.length === 0 && !loading && revision > 0 && (
        <p className="panel__empty">This workspace has no modules yet. Add a .ts file under modules/.</p>
      )}
    </section>
  );
}

function ModuleRow({ module, selected, onSelect }: { module: ModuleInfo; selected: boolean; onSelect: () => void }) {
  return (
    <tr
      className={selected ? 'module-row module-row--selected' : 'module-row'}
      data-selected={selected}
      data-testid="module-row"
      data-module-id={module.id}
      data-state={module.state}
      onClick={onSelect}
    >
      <th scope="row">
        {/* The button gives keyboard and screen-reader users the same selection a click gives. */}
        <button type="button" className="module-row__id" aria-pressed={selected} onClick={stopAndRun(onSelect)}>
          {module.id}
        </button>
      </th>
      <td>
        {module.hash === null ? (
          <span className="muted" title="The file could not be read.">
            unreadable
          </span>
        ) : (
          <code className="hash" title={module.hash}>
            {shortHash(module.hash)}
          </code>
        )}
      </td>
      <td>
        <span className={`chip chip--${module.state}`} title={STATE_DESCRIPTIONS[module.state]}>
          {STATE_LABELS[module.state]}
        </span>
        {module.lastError !== null && (
          <p className="module-row__error">
            <code>{module.lastError.code}</code> {module.lastError.message}
          </p>
        )}
      </td>
      <td>
        <IdList ids={module.dependencies} label={`${module.id} imports`} />
      </td>
      <td>
        <IdList ids={module.dependents} label={`${module.id} is imported by`} />
      </td>
    </tr>
  );
}

function IdList({ ids, label }: { ids: readonly ModuleId[]; label: string }) {
  if (ids.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="id-list" aria-label={label}>
      {ids.map((id) => (
        <li key={id}>{id}</li>
      ))}
    </ul>
  );
}

/** The row handles clicks too; the button must not toggle the selection twice. */
function stopAndRun(action: () => void) {
  return (event: { stopPropagation(): void }) => {
    event.stopPropagation();
    action();
  };
}
