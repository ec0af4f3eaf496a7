import { useEffect, useMemo, useRef } from 'react';
import { AGENT_LOG_LEVELS, matchesAgentLogFilter, type AgentLogEntry, type AgentLogLevel } from '../../../../shared/agent-log';
import { useAppStore } from '../../store/app-store-context';
import { ErrorNotice } from '../common/ErrorNotice';
import { Field } from '../common/Field';

/** Lines drawn at once; the rest are counted (search or filter to see them). */
const MAX_SHOWN = 1_000;

/**
 * The agent's own output — what module code printed with console.* or wrote to stdout/stderr —
 * with the time, level and module of each line. Follow keeps the newest line in view; search,
 * the level filter and the sidebar's module narrow it; Clear empties it for every view.
 */
export function LogsView() {
  const { entries, follow, level, search, error } = useAppStore((state) => state.logs);
  const module = useAppStore((state) => state.modules.selectedId);
  const setFollow = useAppStore((state) => state.setLogsFollow);
  const setLevel = useAppStore((state) => state.setLogsLevel);
  const setSearch = useAppStore((state) => state.setLogsSearch);
  const clear = useAppStore((state) => state.clearAgentLog);
  const list = useRef<HTMLOListElement>(null);

  const matching = useMemo(
    () => entries.filter((entry) => matchesAgentLogFilter(entry, { ...(level === null ? {} : { level }), search, ...(module === null ? {} : { module }) })),
    [entries, level, search, module],
  );
  const shown = matching.slice(-MAX_SHOWN);

  useEffect(() => {
    const element = list.current;
    if (follow && element !== null) element.scrollTop = element.scrollHeight;
  }, [follow, shown]);

  return (
    <div className="logs" data-testid="logs">
      <header className="section-header">
        <h2 className="section-title">Agent logs</h2>
        <div className="logs__controls">
          <Field label="Search" inline>
            <input type="search" className="input" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="text or module" />
          </Field>
          <Field label="Level" inline>
            <select className="input" value={level ?? ''} onChange={(event) => setLevel(event.target.value === '' ? null : (event.target.value as AgentLogLevel))}>
              <option value="">all</option>
              {AGENT_LOG_LEVELS.map((name) => (
                <option key={name} value={name}>
                  {name} and louder
                </option>
              ))}
            </select>
          </Field>
          <label className="logs__follow">
            <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} /> Follow
          </label>
          <button type="button" className="button" onClick={() => void clear()} disabled={entries.length === 0}>
            Clear
          </button>
        </div>
      </header>
      {error !== null && <ErrorNotice error={error} context="Could not read the agent's logs." testId="logs-error" />}
      <p className="logs__count muted small" data-testid="logs-count">
        {matching.length === entries.length ? `${entries.length} lines` : `${matching.length} of ${entries.length} lines`}
        {matching.length > shown.length && ` (the last ${shown.length} shown)`}
        {module !== null && (
          <>
            {' '}
            from <code>{module}</code>
          </>
        )}
      </p>
      <ol className="logs__list" ref={list} aria-label="Agent output" tabIndex={0} data-testid="logs-list">
        {entries.length === 0 && <li className="empty">Nothing printed yet. What module code writes with console.log or to stdout/stderr appears here.</li>}
        {shown.map((entry) => (
          <LogLine key={entry.seq} entry={entry} />
        ))}
      </ol>
    </div>
  );
}

function LogLine({ entry }: { entry: AgentLogEntry }) {
  const at = new Date(entry.time);
  return (
    <li className={`log-line log-line--${entry.level}`} data-testid="log-line" data-level={entry.level}>
      <time className="log-line__time" dateTime={at.toISOString()} title={at.toLocaleString()}>
        {at.toLocaleTimeString(undefined, { hour12: false })}.{String(at.getMilliseconds()).padStart(3, '0')}
      </time>
      <span className="log-line__level">{entry.level}</span>
      <span className="log-line__module">{entry.module ?? '(agent)'}</span>
      <span className="log-line__text">{entry.text}</span>
    </li>
  );
}
