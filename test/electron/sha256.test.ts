import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../electron/base/sha256';

const reference = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

describe('sha256', () => {
  test('long texts hashed again (remembered) and texts that differ by one character at the end each get their own hash', () => {
    const long = (last: string) => `${'export const a = 1;\n'.repeat(5000)}${last}`;
    const texts = [long('x'), long('y'), long('x'), long('z'), `${long('')}x`, long('y'), 'short', long('y')];
    for (const text of texts) expect(sha256(text)).toBe(reference(text));
    expect(sha256(long('x'))).not.toBe(sha256(long('y')));
    const bytes = Buffer.from(long('x'));
    expect(sha256(bytes)).toBe(reference(bytes));
    bytes[0] = 0x20;
    expect(sha256(bytes)).toBe(reference(bytes));
  });
});
