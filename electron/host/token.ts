import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';

/** A fresh access token: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Rejects tokens a person could not rely on (empty, or with characters a URL would mangle). */
export function checkToken(token: string): string {
  if (!/^[A-Za-z0-9_-]{16,512}$/.test(token)) {
    throw new AppError('USAGE', 'The host token must be 16 to 512 characters of A-Z, a-z, 0-9, _ or -.', {
      hint: 'Leave the token out to get a random one.',
    });
  }
  return token;
}

/**
 * Constant-time comparison. Both sides are hashed first so that timingSafeEqual gets equal
 * lengths and the time taken says nothing about the expected token's length either.
 */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
