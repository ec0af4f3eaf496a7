import type { ModuleHealth } from '../../../../shared/contract/panel';
import type { ReloadOutcome, VersionInfo } from '../../../../shared/history';
import { shortHash } from '../../../../shared/ids';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral' | 'accent';

export const HEALTH: Readonly<Record<ModuleHealth, { label: string; tone: Tone; description: string }>> = {
  stable: { label: 'Stable', tone: 'ok', description: 'Running; its current version passed its checks.' },
  probation: { label: 'On probation', tone: 'warn', description: 'A new version is being watched; an error rolls it back.' },
  reload_failed: { label: 'Reload failed', tone: 'danger', description: 'Its last reload failed; the previous code kept running.' },
  load_failed: { label: 'Load failed', tone: 'danger', description: 'It could not be loaded; the error is below.' },
  declined: { label: 'Declines reload', tone: 'info', description: 'Running, but it declines hot reload: a change needs a restart.' },
  not_loaded: { label: 'Not loaded', tone: 'neutral', description: 'On disk but not running.' },
};

/** What a version entry is, in the timeline's words. */
export function versionKind(version: VersionInfo, now: number = Date.now()): { label: string; tone: Tone } {
  switch (version.state) {
    case 'candidate':
      return version.probationUntil !== null && version.probationUntil > now
        ? { label: 'On probation', tone: 'warn' }
        : { label: 'Applied', tone: 'accent' };
    case 'stable':
      return { label: 'Stable', tone: 'ok' };
    case 'failed':
      return { label: 'Failed', tone: 'danger' };
    case 'rolled_back':
      return { label: 'Rolled back', tone: 'danger' };
    case 'restored':
      return { label: 'Restored', tone: 'info' };
    case 'pre_rollback':
      return { label: 'Backup', tone: 'neutral' };
    case 'checkpoint':
      return { label: 'Checkpoint', tone: 'neutral' };
  }
}

export const OUTCOME: Readonly<Record<ReloadOutcome, { label: string; tone: Tone }>> = {
  reloaded: { label: 'Reloaded', tone: 'ok' },
  refused: { label: 'Refused', tone: 'warn' },
  failed: { label: 'Failed', tone: 'danger' },
  rolled_back: { label: 'Rolled back', tone: 'danger' },
};

/** "v_… · Stable · 14:03:09 · reason" for pickers and diff captions. */
export function describeVersion(version: VersionInfo, when: string): string {
  return `${version.versionId} · ${versionKind(version).label} · ${shortHash(version.hash)} · ${when}`;
}
