import type { ModuleKept, ModuleRerun } from '../../../../shared/history';
import type { RerunForecast } from '../../../../shared/reload-reruns';

/** Before the apply: per importer of a target, whether it keeps running or on what it re-runs. */
export function RerunForecastList({ targets, forecast }: { targets: readonly string[]; forecast: readonly RerunForecast[] }) {
  return (
    <section className="what-reruns" aria-label="What re-runs" data-testid="apply-reruns">
      <h3 className="field__label">What re-runs</h3>
      <ul>
        {targets.map((module) => (
          <li key={`target-${module}`}>
            <code>{module}</code>: re-runs (its file changes)
          </li>
        ))}
        {forecast.map((item) => (
          <li key={`${item.module}-${item.reason}`} data-when={item.when}>
            <code>{item.module}</code>
            {item.entry === true ? ' (entry point)' : ''}: {item.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** After the reload: whose top-level code ran with why, and who kept running with why. */
export function RerunsDone({ reran, kept }: { reran: readonly ModuleRerun[] | undefined; kept: readonly ModuleKept[] | undefined }) {
  if ((reran?.length ?? 0) === 0 && (kept?.length ?? 0) === 0) return null;
  return (
    <ul className="what-reran" aria-label="What re-ran" data-testid="reload-reruns">
      {(reran ?? []).map((item) => (
        <li key={`ran-${item.module}`} data-reran="true">
          Re-ran <code>{item.module}</code>
          {item.entry === true ? ' (entry point)' : ''}: {item.reason}
        </li>
      ))}
      {(kept ?? []).map((item) => (
        <li key={`kept-${item.module}`} data-reran="false">
          Kept running <code>{item.module}</code>: {item.reason}
        </li>
      ))}
    </ul>
  );
}
