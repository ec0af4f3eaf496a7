import { createHash } from 'node:crypto';
import type { Sha256 } from '../../shared/ids';

/** Texts at least this long are remembered with their hash (a module's source, not a key or a name). */
const REMEMBERED_LENGTH = 64 * 1024;

/**
 * The last two long texts hashed, newest first. One reload hashes its new source up to five
 * times in as many places (the save, the attempt, the compile cache key, the compiled module,
 * the version store): a 50,000-line module spent about 1.5 ms on each. Comparing a text with
 * one remembered costs a length check for most, at worst one pass without hashing.
 */
let remembered: { text: string; hash: Sha256 }[] = [];

/** The content address of a module version, a blob or a file's bytes. */
export function sha256(text: string | Uint8Array): Sha256 {
  if (typeof text !== 'string' || text.length < REMEMBERED_LENGTH) return digest(text);
  const known = remembered.find((entry) => entry.text === text);
  if (known !== undefined) return known.hash;
  const hash = digest(text);
  remembered = [{ text, hash }, ...remembered.slice(0, 1)];
  return hash;
}

function digest(text: string | Uint8Array): Sha256 {
  return createHash('sha256').update(text).digest('hex') as Sha256;
}
