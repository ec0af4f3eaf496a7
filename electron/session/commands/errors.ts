import type { BackgroundErrorInfo } from '../../../shared/background-errors';
import { shortHash } from '../../../shared/ids';
import { defineCommand } from '../command';

export const errorsCommand = defineCommand<BackgroundErrorInfo[]>({
  name: 'errors',
  usage: '/errors [module]',
  summary: 'Errors module code raised in the background (timers, listeners, promises), newest first.',
  run: async (command, { engine, runtime }) => {
    const typed = command.positionals[0];
    const module = typed === undefined ? null : runtime.workspace.parseModuleId(typed);
    return engine.backgroundErrors.list(module);
  },
  format: (errors) => errors.map(formatBackgroundError).join('\n') || '(no background errors)',
});

/** `knowledge_engine 1a2b3c4d unhandled rejection: boom (at src/knowledge_engine.ts:12:5) — rolled back`. */
export function formatBackgroundError(error: BackgroundErrorInfo): string {
  const at = error.location === null ? '' : ` (at ${error.location})`;
  const action = error.action === 'rolled_back' ? ' — on probation: rolled back' : '';
  return `${error.module} ${shortHash(error.hash)} ${error.kind}: ${error.message}${at}${action}`;
}
