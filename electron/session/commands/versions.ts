import { AppError } from '../../../shared/errors';
import type { ReloadRecord, VersionInfo } from '../../../shared/history';
import { shortHash } from '../../../shared/ids';
import type { RollbackResult } from '../../engine/rollback-engine';
import { defineCommand } from '../command';
import { requirePositional } from './arguments';

const HISTORY_LIMIT = 50;

function rollbackPoint(version: VersionInfo) {
  const { versionId, module, hash, state, stable, createdAt, reason, typeCheck } = version;
  return { versionId, module, hash, state, stable, createdAt, reason, ...(typeCheck === undefined ? {} : { typeCheck }) };
}

/** ` (published with 2 type errors, overridden)` for a version that overrode the gate. */
function typeCheckNote(version: VersionInfo): string {
  if (version.typeCheck?.state !== 'overridden') return '';
  const count = version.typeCheck.errors;
  return ` (published with ${count} type error${count === 1 ? '' : 's'}, overridden)`;
}

function formatVersions(versions: readonly VersionInfo[]): string {
  if (versions.length === 0) return '(no versions)';
  return versions
    .map((version) => {
      const time = new Date(version.createdAt).toISOString().replace('T', ' ').slice(0, 19);
      const mark = version.stable ? '★' : ' ';
      return `${version.versionId}  ${time}  ${version.module.padEnd(18)} ${shortHash(version.hash)} ${mark} ${version.state.padEnd(12)} ${version.reason}${typeCheckNote(version)}`;
    })
    .join('\n');
}

export const checkpointCommand = defineCommand<VersionInfo>({
  name: 'checkpoint',
  usage: '/checkpoint <module> [reason]',
  summary: "Record the module's file as it is now.",
  run: async (command, { engine }) => {
    const module = requirePositional(command, 0, 'module', '/checkpoint <module> [reason]');
    return engine.rollback.createCheckpoint(module, null, command.positionals.slice(1).join(' ') || 'checkpoint');
  },
  format: (version) => `checkpoint ${version.versionId} of ${version.module} (${shortHash(version.hash)})`,
});

export const rollbackCommand = defineCommand<ReturnType<typeof rollbackPoint>[] | RollbackResult>({
  name: 'rollback',
  usage: '/rollback [<versionId>] [--yes] [--allow-type-errors]',
  summary: 'List rollback points, or restore a version (file, running code, history).',
  booleanFlags: ['yes', 'allow-type-errors'],
  run: async (command, { engine, ask }) => {
    const [versionId] = command.positionals;
    if (versionId === undefined) return engine.rollback.getRollbackPoints(HISTORY_LIMIT).map(rollbackPoint);
    const target = engine.versions.require(versionId);
    if (command.flags['yes'] !== true) {
      const answer = await ask(`Restore ${target.module}.ts to ${versionId} (${shortHash(target.hash)}, ${target.state})? The current file is backed up first. (yes/no)`, {
        flag: '--yes',
        default: 'no',
        choices: ['yes', 'no'],
      });
      if (!/^y(es)?$/i.test(answer)) throw new AppError('USAGE', 'Rollback cancelled; nothing was changed.');
    }
    return engine.rollback.rollbackToVersion(versionId, undefined, { allowTypeErrors: command.flags['allow-type-errors'] === true });
  },
  format: (result) =>
    Array.isArray(result)
      ? formatVersions(result as VersionInfo[])
      : `restored ${result.module} from ${result.restoredFrom} (${shortHash(result.hash)}); new entry ${result.versionId}, backup ${result.preRollbackVersionId}`,
});

export const historyCommand = defineCommand<VersionInfo[]>({
  name: 'history',
  usage: '/history [module]',
  summary: 'Version history, newest first (★ = stable).',
  run: async (command, { engine }) => engine.rollback.getVersionHistory(command.positionals[0] ?? null, HISTORY_LIMIT),
  format: formatVersions,
});

interface Audit {
  versions: ReturnType<typeof rollbackPoint>[];
  reloads: ReloadRecord[];
}

export const auditCommand = defineCommand<Audit>({
  name: 'audit-code',
  usage: '/audit-code [module]',
  summary: 'Versions and reload attempts (outcome, hashes, durations, errors).',
  run: async (command, { engine }) => {
    const module = command.positionals[0] ?? null;
    const id = module === null ? null : engine.runtime.workspace.parseModuleId(module);
    if (id !== null) engine.runtime.workspace.modulePath(id);
    return {
      versions: engine.rollback.getVersionHistory(id, HISTORY_LIMIT).map(rollbackPoint),
      reloads: engine.reloads.getReloadHistory(HISTORY_LIMIT, id),
    };
  },
  format: ({ versions, reloads }) => {
    const lines = reloads.map((reload) => {
      const time = new Date(reload.startedAt).toISOString().replace('T', ' ').slice(0, 19);
      const error = reload.error === null ? '' : ` — ${reload.error.message}`;
      return `${time}  ${reload.module.padEnd(18)} ${reload.outcome.padEnd(11)} ${shortHash(reload.oldHash ?? '')} → ${shortHash(reload.newHash ?? '')} ${reload.durationMs} ms${error}`;
    });
    return [`Reloads (${reloads.length}):`, ...lines, '', `Versions (${versions.length}):`, formatVersions(versions as VersionInfo[])].join('\n');
  },
});
