import type { ProbationEnded, RolledBack } from '../../../shared/contract/panel';
import type { ReloadRecord } from '../../../shared/history';
import type { Notice } from './ui-slice';

export type LiveEvent =
  | { readonly kind: 'reloadFinished'; readonly record: ReloadRecord }
  | { readonly kind: 'rolledBack'; readonly rolledBack: RolledBack }
  | { readonly kind: 'probationEnded'; readonly ended: ProbationEnded }
  | { readonly kind: 'autoReloaded'; readonly record: ReloadRecord };

/** The corner notice for a change the main process pushed, or null when it is not worth one. */
export function describeLiveEvent(event: LiveEvent): Omit<Notice, 'id'> | null {
  switch (event.kind) {
    case 'reloadFinished': {
      const { record } = event;
      if (record.outcome === 'reloaded') {
        return { tone: 'success', text: `${record.module} reloaded in ${Math.round(record.durationMs)} ms` };
      }
      return {
        tone: 'error',
        text: `${record.module}: reload ${record.outcome.replace('_', ' ')}`,
        ...(record.error === null ? {} : { detail: record.error.message }),
      };
    }
    case 'rolledBack': {
      const { module, restoredFrom, versionId, cause, backupVersionId } = event.rolledBack;
      const undo = backupVersionId === null || backupVersionId === undefined ? {} : { restore: { label: 'Undo', versionId: backupVersionId } };
      if (cause === null || cause === undefined) {
        return {
          tone: 'info',
          text: `${module} restored from ${restoredFrom}`,
          detail: `New timeline entry ${versionId}; nothing in the history was removed.`,
          ...undo,
        };
      }
      const where = cause.location === null ? '' : ` at ${cause.location}`;
      const what = cause.failedAt === null ? '' : ` (${cause.failedAt})`;
      return {
        tone: 'error',
        text: `${module} rolled back automatically: ${cause.message}${where}${what}`,
        detail: `${cause.file ?? `${module}.ts`} was rewritten to ${restoredFrom}; the failed code is kept as ${cause.failedVersionId ?? 'a version'} in the timeline.`,
        ...undo,
      };
    }
    case 'autoReloaded': {
      const { record } = event;
      if (record.outcome === 'reloaded') {
        return { tone: 'success', text: `Auto-reload: ${record.module} reloaded in ${Math.round(record.durationMs)} ms`, detail: 'Its file was saved; the new code serves now.' };
      }
      return {
        tone: 'error',
        text: `Auto-reload of ${record.module}: ${record.outcome.replace('_', ' ')}`,
        detail: `${record.error === null ? '' : `${record.error.message}. `}The previous code keeps serving; the file keeps what was saved.`,
      };
    }
    case 'probationEnded': {
      const { version, stable } = event.ended;
      return stable
        ? { tone: 'success', text: `${version.module}: probation over, ${version.versionId} is stable` }
        : null;
    }
  }
}
