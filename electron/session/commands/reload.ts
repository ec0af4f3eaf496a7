import { AppError } from '../../../shared/errors';
import { shortHash } from '../../../shared/ids';
import { describeLateCalls, describeReruns } from '../../../shared/reload-reruns';
import type { ResourceReport } from '../../../shared/resources';
import type { ReloadResult } from '../../engine/reload-types';
import { defineCommand } from '../command';
import { optionalNumberFlag, requirePositional } from './arguments';

const USAGE = '/reload <module> [--probation MS] [--allow-type-errors]';

/** The fields a script reads from a reload; the full record is in /audit-code. */
export function reloadSummary(result: ReloadResult) {
  return {
    outcome: result.outcome,
    module: result.module,
    oldHash: result.oldHash,
    newHash: result.newHash,
    versionId: result.versionId,
    cascade: result.cascade,
    ...(result.reran === undefined ? {} : { reran: result.reran }),
    ...(result.kept === undefined ? {} : { kept: result.kept }),
    ...(result.lateCalls === undefined ? {} : { lateCalls: result.lateCalls }),
    ...(result.notCarried === undefined ? {} : { notCarried: result.notCarried }),
    ...(result.resources === undefined ? {} : { resources: result.resources }),
    checks: result.checks,
    durationMs: result.durationMs,
    ...(result.typeCheck === undefined ? {} : { typeCheck: result.typeCheck }),
    ...(result.error === null ? {} : { error: { code: result.error.code, message: result.error.message } }),
  };
}

export const reloadCommand = defineCommand<ReturnType<typeof reloadSummary>>({
  name: 'reload',
  usage: USAGE,
  summary: 'Reload a module from its file while the agent runs (type check, checks, cascade, probation).',
  booleanFlags: ['allow-type-errors'],
  run: async (command, { engine }) => {
    const module = requirePositional(command, 0, 'module', USAGE);
    const probationMs = optionalNumberFlag(command, 'probation', USAGE);
    const allowTypeErrors = command.flags['allow-type-errors'] === true;
    const result = await engine.reloads.hotReloadModule(module, { ...(probationMs === undefined ? {} : { probationMs }), allowTypeErrors });
    if (result.outcome === 'refused' && result.error?.code === 'TYPE_ERRORS') {
      const { stack: _stack, ...info } = result.error;
      throw AppError.fromInfo({ ...info, hint: `The previous code keeps running; your edit is kept as version ${result.versionId}. Fix it, or reload with --allow-type-errors.` });
    }
    if (result.outcome === 'refused' && result.error !== null) {
      throw new AppError('RELOAD_REFUSED', result.error.message, { hint: 'Nothing was changed.' });
    }
    return reloadSummary(result);
  },
  format: (result) => {
    const hashes = `${shortHash(result.oldHash ?? '')} → ${shortHash(result.newHash ?? '')}`;
    const late = describeLateCalls(result.lateCalls);
    const notes = [
      ...(late === null ? [] : [late]),
      ...(result.notCarried ?? []).map((note) => `not carried over: ${note}`),
      ...describeReleased(result.resources),
    ];
    if (result.outcome === 'reloaded') {
      const overridden = (result.typeCheck?.errors.length ?? 0) > 0 ? ` — published with ${result.typeCheck?.errors.length} type errors (overridden)` : '';
      return [
        `reloaded ${result.module} ${hashes} in ${result.durationMs} ms (version ${result.versionId})${overridden}`,
        ...[...describeReruns(result.reran, result.kept), ...notes].map((line) => `  ${line}`),
      ].join('\n');
    }
    const failed = result.checks.filter((check) => !check.ok).map((check) => `  ✗ ${check.module}: ${check.name}: ${check.message}`);
    return [
      `${result.outcome}: ${result.module} ${hashes} — ${result.error?.message ?? ''}`,
      ...failed,
      ...notes.map((line) => `  ${line}`),
      `The previous code keeps running; your edit is kept as version ${result.versionId}.`,
    ].join('\n');
  },
});

/** `released from the old version: process.on('SIGTERM'), http server 127.0.0.1:8080`, and what it kept, with why. */
function describeReleased(resources: ResourceReport | undefined): string[] {
  if (resources === undefined) return [];
  const released = resources.released.length === 0 ? [] : [`released from the old version: ${resources.released.map((note) => note.name).join(', ')}`];
  return [...released, ...resources.kept.map((note) => `kept running: ${note.name} (${note.reason})`)];
}
