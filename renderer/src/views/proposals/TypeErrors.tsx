import type { ErrorInfo } from '../../../../shared/errors';

/**
 * The type errors that stopped an apply, each at the proposal's own line (or the module's), and
 * the override: a person may apply anyway, and the version records that they did.
 */
export function TypeErrors({ error, allow, onAllowChange, disabled }: { error: ErrorInfo | null; allow: boolean; onAllowChange: (allow: boolean) => void; disabled: boolean }) {
  const errors = error?.code === 'TYPE_ERRORS' ? (error.details ?? []) : [];
  return (
    <div className="type-errors" data-testid="type-errors">
      {errors.length > 0 && (
        <ul className="warnings" aria-label="Type errors">
          {errors.map((line) => (
            <li key={line}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={allow} disabled={disabled} onChange={(event) => onAllowChange(event.target.checked)} />
        Apply despite type errors (recorded on the version)
      </label>
    </div>
  );
}
