import { useAppStore } from '../../store/app-store-context';
import { ErrorNotice } from '../common/ErrorNotice';

/** The workspace's auto-reload on save: a saved module file goes through the same checks as Reload. */
export function AutoReloadToggle() {
  const setting = useAppStore((state) => state.autoReload.setting);
  const saving = useAppStore((state) => state.autoReload.saving);
  const error = useAppStore((state) => state.autoReload.error);
  const connected = useAppStore((state) => state.connection.status === 'connected');
  const setAutoReload = useAppStore((state) => state.setAutoReload);
  const enabled = setting?.enabled === true;
  return (
    <div className="auto-reload" data-testid="auto-reload" data-enabled={enabled}>
      <label className="checkbox small">
        <input
          type="checkbox"
          checked={enabled}
          disabled={!connected || setting === null || saving}
          onChange={(event) => void setAutoReload(event.target.checked)}
          aria-describedby="auto-reload-hint"
        />
        Auto-reload on save
      </label>
      <p id="auto-reload-hint" className="auto-reload__hint">
        {enabled
          ? 'A saved module file is reloaded through the checks; a failed one keeps the old code serving.'
          : 'Off: a saved file waits for Reload. For this workspace.'}
      </p>
      {setting?.problem != null && (
        <p className="auto-reload__problem" role="status">
          {setting.problem}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} context="Could not change auto-reload." />}
    </div>
  );
}
