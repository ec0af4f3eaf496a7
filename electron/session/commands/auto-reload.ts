import type { AutoReloadState } from '../../../shared/auto-reload';
import { AppError } from '../../../shared/errors';
import { defineCommand } from '../command';

const USAGE = '/auto-reload [on|off]';

/** `/auto-reload on|off`: the same per-workspace setting as the panel's toggle; no argument says how it stands. */
export const autoReloadCommand = defineCommand<AutoReloadState>({
  name: 'auto-reload',
  usage: USAGE,
  summary: 'Reload a module when its file is saved (this workspace; off by default).',
  run: async (command, { engine }) => {
    const [value, extra] = command.positionals;
    if (value === undefined) return engine.autoReload.state();
    const word = value.toLowerCase();
    if ((word !== 'on' && word !== 'off') || extra !== undefined) {
      throw new AppError('USAGE', `Auto-reload is "on" or "off", not "${command.positionals.join(' ')}".`, { hint: `Usage: ${USAGE}` });
    }
    return engine.autoReload.setEnabled(word === 'on');
  },
  format: (state) => {
    const problem = state.problem === null ? '' : `\n${state.problem}`;
    return state.enabled
      ? `Auto-reload on save is on for this workspace: a saved module file is reloaded (type check, checks, smoke test); a failed one leaves the old code serving. /audit-code lists each attempt.${problem}`
      : `Auto-reload on save is off for this workspace: after saving a file, /reload <module> (or Reload in the panel).${problem}`;
  },
});
