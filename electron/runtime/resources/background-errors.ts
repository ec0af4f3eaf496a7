import type { BackgroundErrorKind } from '../../../shared/background-errors';
import { controlLog } from '../../base/control-log';
import { currentOwner } from './owner-context';
import type { VersionResources } from './version-resources';

/** An error no caller was there to catch: thrown from a timer, a listener, an I/O callback. */
export interface BackgroundFault {
  readonly error: unknown;
  readonly kind: BackgroundErrorKind;
  /** The version whose work was running (owner-context), when one was. */
  readonly owner: VersionResources | undefined;
}

/** Takes a fault it can attribute (true), or leaves it to the next claimant. */
export type BackgroundClaim = (fault: BackgroundFault) => boolean;

const claims = new Set<BackgroundClaim>();
let trapped = false;

/** Hands `fault` to the engine that owns its module; false when none takes it. */
export function claimFault(fault: BackgroundFault): boolean {
  for (const claim of claims) {
    try {
      if (claim(fault)) return true;
    } catch (failure) {
      controlLog('background-errors').error('a claimant failed', failure);
    }
  }
  return false;
}

/** An engine registers here for the faults of its own workspace's modules. */
export function claimBackgroundErrors(claim: BackgroundClaim): () => void {
  claims.add(claim);
  return () => claims.delete(claim);
}

/**
 * Installed by processes that host the agent (session, serve, the desktop app): an error raised
 * by module code in the background is handed to the engine that owns that module, and the
 * process keeps running. An error no engine claims is the app's own: it ends the process as
 * Node would, unless another handler (the desktop app's logger) is there to report it.
 */
export function installBackgroundErrorTrap(): void {
  if (trapped) return;
  trapped = true;
  process.on('uncaughtException', (error) => dispatch(error, 'uncaught exception', 'uncaughtException'));
  process.on('unhandledRejection', (reason) => dispatch(reason, 'unhandled rejection', 'unhandledRejection'));
}

function dispatch(error: unknown, kind: BackgroundErrorKind, event: 'uncaughtException' | 'unhandledRejection'): void {
  if (claimFault({ error, kind, owner: currentOwner() })) return;
  if (process.listenerCount(event) > 1) return;
  // No module owns it: the agent process ends with it (its supervisor restarts it and keeps these lines).
  controlLog('background-errors').error(`${kind} outside any module's code; the agent process stops`, error);
  process.exit(1);
}
