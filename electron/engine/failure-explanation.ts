import path from 'node:path';
import type { FailureExplanation } from '../../shared/contract/panel';
import type { ReloadRecord, VersionInfo } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { Engine } from '../engine/open-engine';

/** What explaining a failure reads: the versions, the reload log, the runtime's files. */
export type FailureEngine = Pick<Engine, 'runtime' | 'versions' | 'reloadLog'>;

/** How far back a module's history is read to explain its state (failures are recent by nature). */
const RECENT = 40;

const AUTOMATIC = /^automatic rollback: (.*)$/s;
const APPLY_FAILED = /^apply of (\S+) failed: (.*)$/s;
const RELOAD_FAILED = /failed: (.*)$/s;
const LOCATION = /\(at ([^\s()]+\.ts:\d+:\d+)\)/;
const ANY_LOCATION = /([\w.-]+\.ts:\d+:\d+)/;
const BACKGROUND = /^(uncaught exception|unhandled rejection) in the background: /;

/**
 * The module's last failure, read from what the engines recorded: an automatic rollback (the
 * "restored" entry whose reason carries the cause), a reload that failed (its "failed" or
 * "rolled back" entry and its reload record), or a load error.
 */
export function explainLastFailure(engine: FailureEngine, id: ModuleId, loadError: { code: string; message: string } | null): FailureExplanation | null {
  const history = engine.versions.history(id, RECENT);
  const [lastReload] = engine.reloadLog.list(1, id);
  const index = history.findIndex(isFailureEntry);
  const entry = index < 0 ? undefined : history[index];
  if (entry === undefined) return loadError === null ? null : loadFailure(loadError);
  const newerChange = history.slice(0, index).some((version) => version.state !== 'pre_rollback');
  const reloadSince = lastReload !== undefined && lastReload.startedAt > entry.createdAt && lastReload.outcome === 'reloaded';
  const current = !newerChange && !reloadSince;
  const explanation = entry.state === 'restored' ? rollbackExplanation(engine, entry, history.slice(index + 1)) : reloadFailure(engine, entry);
  return { ...explanation, current };
}

/** An automatic rollback's cause for the audit: the restored entry that undid `version`, if any. */
export function rollbackOf(engine: FailureEngine, version: VersionInfo): FailureExplanation | null {
  if (version.state !== 'rolled_back') return null;
  const newer = engine.versions.history(version.module, RECENT * 25);
  const index = newer.findIndex((entry) => entry.versionId === version.versionId);
  const after = index < 0 ? newer : newer.slice(0, index);
  const restored = [...after].reverse().find((entry) => entry.state === 'restored');
  if (restored === undefined) return null;
  return { ...rollbackExplanation(engine, restored, newer.slice(index)), current: false };
}

/** A reload record as the audit shows it: a reload later undone by an automatic rollback says so. */
export function withLaterOutcome(engine: FailureEngine, record: ReloadRecord): ReloadRecord {
  if (record.outcome !== 'reloaded' || record.versionId === null) return record;
  const version = engine.versions.get(record.versionId);
  if (version === null || version.state !== 'rolled_back') return record;
  const rollback = rollbackOf(engine, version);
  const message = rollback === null ? 'rolled back after the reload' : `rolled back: ${rollback.message}`;
  return { ...record, outcome: 'rolled_back', error: { code: 'CALL_ERROR', message } };
}

function isFailureEntry(version: VersionInfo): boolean {
  if (version.state === 'failed' || version.state === 'rolled_back') return true;
  return version.state === 'restored' && (AUTOMATIC.test(version.reason) || APPLY_FAILED.test(version.reason));
}

type Explained = Omit<FailureExplanation, 'current'>;

function rollbackExplanation(engine: FailureEngine, restored: VersionInfo, older: readonly VersionInfo[]): Explained {
  const automatic = AUTOMATIC.exec(restored.reason);
  const apply = APPLY_FAILED.exec(restored.reason);
  const message = automatic?.[1] ?? apply?.[2] ?? restored.reason;
  const failed = older.find((version) => version.state === 'rolled_back' || version.state === 'failed') ?? null;
  const record = failed === null ? undefined : reloadRecordOf(engine, failed);
  return {
    kind: 'rolled_back',
    at: restored.createdAt,
    code: record?.error?.code ?? (automatic === null ? 'CHECK_FAILED' : BACKGROUND.test(message) ? 'BACKGROUND_ERROR' : 'CALL_ERROR'),
    message: stripLocation(message),
    location: locationIn(message) ?? locationIn(record?.error?.stack ?? ''),
    failedAt: automatic !== null ? probationTrigger(message) : failedCheck(record) ?? `apply of ${apply?.[1] ?? 'a proposal'}`,
    failedVersionId: failed?.versionId ?? null,
    restoredVersionId: restored.versionId,
    restoredFrom: restored.restoredFrom,
    file: fileOf(engine, restored.module),
  };
}

/** What failed while on probation: a call, or work the version did in the background. */
function probationTrigger(message: string): string {
  return BACKGROUND.test(message) ? 'background work while on probation' : 'a call while on probation';
}

function reloadFailure(engine: FailureEngine, failed: VersionInfo): Explained {
  const record = reloadRecordOf(engine, failed);
  const message = record?.error?.message ?? RELOAD_FAILED.exec(failed.reason)?.[1] ?? failed.reason;
  return {
    kind: 'reload_failed',
    at: failed.createdAt,
    code: record?.error?.code ?? null,
    message: stripLocation(message),
    location: locationIn(message) ?? locationIn(record?.error?.stack ?? ''),
    failedAt: failedCheck(record),
    failedVersionId: failed.versionId,
    restoredVersionId: null,
    restoredFrom: null,
    file: null,
  };
}

function loadFailure(error: { code: string; message: string }): FailureExplanation {
  return {
    kind: 'load_failed',
    at: Date.now(),
    code: error.code as FailureExplanation['code'],
    message: error.message,
    location: locationIn(error.message),
    failedAt: 'loading',
    failedVersionId: null,
    restoredVersionId: null,
    restoredFrom: null,
    file: null,
    current: true,
  };
}

function reloadRecordOf(engine: FailureEngine, version: VersionInfo): ReloadRecord | undefined {
  return engine.reloadLog.list(RECENT, version.module).find((record) => record.versionId === version.versionId);
}

function failedCheck(record: ReloadRecord | undefined): string | null {
  const failed = record?.checks.filter((check) => !check.ok).map((check) => check.name) ?? [];
  return failed.length === 0 ? null : failed.join(', ');
}

function locationIn(text: string): string | null {
  return LOCATION.exec(text)?.[1] ?? ANY_LOCATION.exec(text)?.[1] ?? null;
}

function stripLocation(message: string): string {
  return message.replace(LOCATION, '').trim();
}

function fileOf(engine: FailureEngine, id: ModuleId): string {
  const { workspace } = engine.runtime;
  return path.relative(workspace.root, workspace.modulePath(id)).split(path.sep).join('/');
}
