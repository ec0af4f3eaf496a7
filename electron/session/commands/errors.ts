import type { BackgroundErrorInfo, RecordedBackgroundError } from '../../../shared/background-errors';
import { shortHash } from '../../../shared/ids';
import { defineCommand } from '../command';

export const errorsCommand = defineCommand<RecordedBackgroundError[]>({
  name: 'errors',
  usage: '/errors [module]',
  summary: 'Errors module code raised in the background (timers, listeners, promises), newest first, earlier runs of the agent too.',
  run: async (command, { engine, runtime }) => {
    const typed = command.positionals[0];
    const module = typed === undefined ? null : runtime.workspace.parseModuleId(typed);
    return engine.backgroundErrors.list(module);
  },
  format: (errors) => errors.map(formatBackgroundError).join('\n') || '(no background errors)',
});

/**
 * `knowledge_engine 1a2b3c4d unhandled rejection: boom (at src/knowledge_engine.ts:12:5) ×3 — on
 * probation: rolled back — before the agent restarted`.
 */
export function formatBackgroundError(error: BackgroundErrorInfo | RecordedBackgroundError): string {
  const at = error.location === null ? '' : ` (at ${error.location})`;
  const times = 'count' in error && error.count > 1 ? ` ×${error.count}` : '';
  const action = error.action === 'rolled_back' ? ' — on probation: rolled back' : '';
  const earlier = 'earlierRun' in error && error.earlierRun ? ' — before the agent restarted' : '';
  return `${error.module} ${shortHash(error.hash)} ${error.kind}: ${error.message}${at}${times}${action}${earlier}`;
}
