import { createHash } from 'node:crypto';
import type { Sha256 } from '../../shared/ids';

/** The content address of a module version, a blob or a file's bytes. */
export function sha256(text: string | Uint8Array): Sha256 {
  return createHash('sha256').update(text).digest('hex') as Sha256;
}
