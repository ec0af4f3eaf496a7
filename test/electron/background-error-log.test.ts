import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, expect, test } from 'vitest';
import type { BackgroundErrorInfo } from '../../shared/background-errors';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { BackgroundErrorLog } from '../../electron/engine/background-error-log';
import { EngineEvents } from '../../electron/engine/engine-events';
import { BackgroundErrorStore } from '../../electron/store/background-error-store';
import { openStateDatabase, type StateDatabase } from '../../electron/store/database';
import { scratchDir } from '../support/scratch-dir';

const temp = scratchDir('saraphina-background-error-log-');
afterAll(() => temp.remove());
const open: StateDatabase[] = [];
afterEach(() => open.splice(0).forEach((db) => db.open && db.close()));

let files = 0;
function database(): StateDatabase {
  const db = openStateDatabase(path.join(temp.dir, `state-${files++}.db`));
  open.push(db);
  return db;
}

const HASH = 'ab'.repeat(32) as Sha256;
function raised(message: string, extra: Partial<BackgroundErrorInfo> = {}): BackgroundErrorInfo {
  return { module: 'ticker' as ModuleId, hash: HASH, kind: 'uncaught exception', message, location: 'ticker.ts:3:11', stack: `Error: ${message}`, at: Date.now(), action: 'recorded', ...extra };
}

/** A log whose writes after the first wait for an explicit flush (no timer in the test's way). */
function logOn(db: StateDatabase, run: string, keptPerModule?: number): { log: BackgroundErrorLog; writes: () => number } {
  const store = new BackgroundErrorStore(db);
  let writes = 0;
  const transaction = store.transaction.bind(store);
  store.transaction = <T>(write: () => T): T => {
    writes++;
    return transaction(write);
  };
  const log = new BackgroundErrorLog(new EngineEvents(), store, { run, writeEveryMs: 3_600_000, ...(keptPerModule === undefined ? {} : { keptPerModule }) });
  return { log, writes: () => writes };
}

test('an interval that throws the same error thousands of times is one row with its count, in a few writes', () => {
  const db = database();
  const { log, writes } = logOn(db, 'run-1');
  for (let i = 0; i < 5_000; i++) log.add(raised('tick failed'));
  log.flush();
  expect(writes()).toBe(2);
  const rows = db.prepare('SELECT module, hash, message, location, count, action FROM background_errors').all();
  expect(rows).toEqual([{ module: 'ticker', hash: HASH, message: 'tick failed', location: 'ticker.ts:3:11', count: 5_000, action: 'recorded' }]);
  expect(db.prepare('SELECT count FROM background_error_counts').pluck().all()).toEqual([5_000]);
  const [listed] = log.list('ticker' as ModuleId);
  expect(listed).toMatchObject({ message: 'tick failed', count: 5_000, earlierRun: false });
  expect(log.count('ticker' as ModuleId)).toBe(5_000);
});

test('errors outlive the run: the next run lists them as earlier, newest first, and counts them', () => {
  const db = database();
  const first = logOn(db, 'run-1').log;
  first.add(raised('before the crash', { at: 1_000 }));
  first.add(raised('before the crash', { at: 2_000 }));
  // No close: the first of a burst is written at once, the repeat waits for the next write.
  const second = logOn(db, 'run-2').log;
  expect(second.list()).toEqual([expect.objectContaining({ message: 'before the crash', count: 1, at: 1_000, earlierRun: true })]);
  // What the sidebar asks of every module: its last error.
  expect(second.list('ticker' as ModuleId, 1)).toEqual([expect.objectContaining({ message: 'before the crash', earlierRun: true })]);
  expect(second.list('other' as ModuleId, 1)).toEqual([]);
  second.add(raised('after the restart', { at: 3_000 }));
  expect(second.list('ticker' as ModuleId, 1)).toEqual([expect.objectContaining({ message: 'after the restart', earlierRun: false })]);
  expect(second.list().map((error) => [error.message, error.earlierRun])).toEqual([
    ['after the restart', false],
    ['before the crash', true],
  ]);
  expect(second.count('ticker' as ModuleId)).toBe(2);
  first.close();
  expect(logOn(db, 'run-3').log.count('ticker' as ModuleId)).toBe(3);
});

test('distinct errors are trimmed to the newest per module; the count per version is never trimmed', () => {
  const db = database();
  const { log } = logOn(db, 'run-1', 5);
  for (let i = 0; i < 40; i++) log.add(raised(`job ${i} failed`, { at: i }));
  log.add(raised('other module', { module: 'other' as ModuleId }));
  log.flush();
  const kept = db.prepare("SELECT message FROM background_errors WHERE module = 'ticker' ORDER BY last_at DESC").pluck().all();
  expect(kept).toEqual(['job 39 failed', 'job 38 failed', 'job 37 failed', 'job 36 failed', 'job 35 failed']);
  expect(log.list('ticker' as ModuleId, 100)).toHaveLength(5);
  expect(db.prepare("SELECT count FROM background_error_counts WHERE module = 'ticker'").pluck().get()).toBe(40);
  expect(db.prepare("SELECT count(*) FROM background_errors WHERE module = 'other'").pluck().get()).toBe(1);
});

test('a full database does not fail the error path: the errors stay listed from memory and are written once there is room', () => {
  const db = database();
  const { log } = logOn(db, 'run-1');
  log.add(raised('first'));
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const stack = 'x'.repeat(200_000);
  for (let i = 0; i < 20; i++) expect(() => log.add(raised(`big ${i}`, { stack }))).not.toThrow();
  expect(() => log.flush()).not.toThrow();
  expect(log.list(null, 100)).toHaveLength(21);
  expect(db.prepare('SELECT count(*) FROM background_errors').pluck().get()).toBe(1);
  db.pragma('max_page_count = 1073741823');
  log.flush();
  expect(db.prepare('SELECT count(*) FROM background_errors').pluck().get()).toBe(21);
  expect(db.prepare('SELECT count FROM background_error_counts').pluck().get()).toBe(21);
});

test('a read-only database does not fail the error path either', () => {
  const db = database();
  const file = db.name;
  db.close();
  const readOnly = openReadOnly(file);
  const { log } = logOn(readOnly, 'run-1');
  expect(() => log.add(raised('cannot be saved'))).not.toThrow();
  expect(log.list()).toEqual([expect.objectContaining({ message: 'cannot be saved', earlierRun: false })]);
});

function openReadOnly(file: string): StateDatabase {
  const db = new Database(file, { readonly: true });
  open.push(db);
  return db;
}
