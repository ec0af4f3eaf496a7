import type { ProbationEnded, RolledBack } from '../../../shared/contract/panel';
import type { ReloadRecord } from '../../../shared/history';
import type { Notice } from './ui-slice';

export type LiveEvent =
  | { readonly kind: 'reloadFinished'; readonly record: ReloadRecord }
  | { readonly kind: 'rolledBack'; readonly rolledBack: RolledBack }
  | { readonly kind: 'probationEnded'; readonly ended: ProbationEnded };

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
    case 'rolledBack':
      return {
        tone: 'info',
        text: `${event.rolledBack.module} restored from ${event.rolledBack.restoredFrom}`,
        detail: `New timeline entry ${event.rolledBack.versionId}; nothing in the history was removed.`,
      };
    case 'probationEnded': {
      const { version, stable } = event.ended;
      return stable
        ? { tone: 'success', text: `${version.module}: probation over, ${version.versionId} is stable` }
        : null;
    }
  }
}
