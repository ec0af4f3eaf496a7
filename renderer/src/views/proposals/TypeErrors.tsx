import type { ErrorInfo } from '../../../../shared/errors';

/** Opens the proposal's editor at its line with a marker. */
export type ShowProposalLine = (line: number, column: number, message: string) => void;

/**
 * The type errors that stopped an apply, each at the proposal's own line (or the module's), and
 * the override: a person may apply anyway, and the version records that they did. An error in
 * the proposal's own lines is a link to that line in its editor.
 */
export function TypeErrors({
  error,
  allow,
  onAllowChange,
  disabled,
  proposalId,
  onShowLine,
}: {
  error: ErrorInfo | null;
  allow: boolean;
  onAllowChange: (allow: boolean) => void;
  disabled: boolean;
  proposalId?: string;
  onShowLine?: ShowProposalLine;
}) {
  const errors = error?.code === 'TYPE_ERRORS' ? (error.details ?? []) : [];
  return (
    <div className="type-errors" data-testid="type-errors">
      {errors.length > 0 && (
        <ul className="warnings" aria-label="Type errors">
          {errors.map((line) => {
            const own = proposalId === undefined ? null : ownLocation(line, proposalId);
            return (
              <li key={line}>
                <code>{line}</code>
                {own !== null && onShowLine !== undefined && (
                  <>
                    {' '}
                    <button type="button" className="link-button" onClick={() => onShowLine(own.line, own.column, own.message)}>
                      line {own.line} of the proposal
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={allow} disabled={disabled} onChange={(event) => onAllowChange(event.target.checked)} />
        Apply despite type errors (recorded on the version)
      </label>
    </div>
  );
}

/** `proposal_x:4:17 TS1109 Expression expected. (in …)` → line 4, column 17 and the message. */
function ownLocation(entry: string, proposalId: string): { line: number; column: number; message: string } | null {
  if (!entry.startsWith(`${proposalId}:`)) return null;
  const match = /^:(\d+):(\d+) (.*?)(?: \(in [^)]*\))?$/.exec(entry.slice(proposalId.length));
  if (match === null) return null;
  return { line: Number(match[1]), column: Number(match[2]), message: match[3] ?? entry };
}
