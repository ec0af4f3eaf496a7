import { randomBytes } from 'node:crypto';
import type { VersionId } from '../../shared/ids';

let lastMillis = 0;
let counter = 0;

/**
 * `v_` + time + a per-millisecond counter + randomness: sortable by creation, and unique even
 * for thousands of checkpoints in one millisecond or across processes.
 */
export function newVersionId(now: number = Date.now()): VersionId {
  counter = now === lastMillis ? counter + 1 : 0;
  lastMillis = now;
  const time = now.toString(36).padStart(9, '0');
  const sequence = counter.toString(36).padStart(4, '0');
  return `v_${time}${sequence}_${randomBytes(4).toString('hex')}` as VersionId;
}

export function newRecordId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
}
