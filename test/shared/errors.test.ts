import { describe, expect, test } from 'vitest';
import { formatError, toErrorInfo } from '../../shared/errors';

describe('errors a user sees', () => {
  test.each([
    ['SQLITE_FULL', 'WRITE_FAILED', /disk is full/],
    ['SQLITE_READONLY_DBMOVED', 'WRITE_FAILED', /read-only/],
    ['SQLITE_IOERR_WRITE', 'WRITE_FAILED', /I\/O error/],
    ['SQLITE_CORRUPT', 'DATABASE_DAMAGED', /damaged/],
  ])('a database failure %s is one line with a hint, not an internal error', (code, expected, message) => {
    const info = toErrorInfo(Object.assign(new Error('raw sqlite text'), { code }));
    expect(info.code).toBe(expected);
    expect(info.message).toMatch(message);
    expect(formatError(info)).not.toContain('\n');
    expect(info.hint).toEqual(expect.any(String));
  });

  test('anything else stays INTERNAL with its first line', () => {
    expect(toErrorInfo(new Error('boom\nstack'))).toEqual({ code: 'INTERNAL', message: 'boom' });
  });
});
