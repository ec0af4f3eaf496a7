import { AppError } from '../../../shared/errors';
import { shortHash } from '../../../shared/ids';
import type { ReloadResult } from '../../engine/reload-types';
import { defineCommand } from '../command';
import { optionalNumberFlag, requirePositional } from './arguments';

const USAGE = '/reload <module> [--probation MS]';

/** The fields a script reads from a reload; the full record is in /audit-code. */
export function reloadSummary(result: ReloadResult) {
  return {
    outcome: result.outcome,
    module: result.module,
    oldHash: result.oldHash,
    newHash: result.newHash,
    versionId: result.versionId,
    cascade: result.cascade,
    checks: result.checks,
    durationMs: result.durationMs,
    ...(result.error === null ? {} : { error: { code: result.error.code, message: result.error.message } }),
  };
}

export const reloadCommand = defineCommand<ReturnType<typeof reloadSummary>>({
  name: 'reload',
  usage: USAGE,
  summary: 'Reload a module from its file while the agent runs (checks, cascade, probation).',
  run: async (command, { engine }) => {
    const module = requirePositional(command, 0, 'module', USAGE);
    const probationMs = optionalNumberFlag(command, 'probation', USAGE);
    const result = await engine.reloads.hotReloadModule(module, probationMs === undefined ? {} : { probationMs });
    if (result.outcome === 'refused' && result.error !== null) {
      throw new AppError('RELOAD_REFUSED', result.error.message, { hint: 'Nothing was changed.' });
    }
    return reloadSummary(result);
  },
  format: (result) => {
    const hashes = `${shortHash(result.oldHash ?? '')} → ${shortHash(result.newHash ?? '')}`;
    const cascade = result.cascade.length > 0 ? `; re-instantiated ${result.cascade.join(', ')}` : '';
    if (result.outcome === 'reloaded') {
      return `reloaded ${result.module} ${hashes} in ${result.durationMs} ms${cascade} (version ${result.versionId})`;
    }
    const failed = result.checks.filter((check) => !check.ok).map((check) => `  ✗ ${check.module}: ${check.name}: ${check.message}`);
    return [
      `${result.outcome}: ${result.module} ${hashes} — ${result.error?.message ?? ''}`,
      ...failed,
      `The previous code keeps running; your edit is kept as version ${result.versionId}.`,
    ].join('\n');
  },
});
