import { inspect } from 'node:util';
import type { AssertionDetail } from '../../shared/history';

/** Longest rendering kept per value; the rest is cut with a note. */
export const ASSERTION_VALUE_LIMIT = 1500;

/*
 * One element or property a line, so a diff marks just what differs. Values are rendered without
 * running any of their code: no custom inspect functions, no getters, proxies shown as proxies
 * (their traps are not called), depth and sizes capped. The error itself may be hostile (a
 * proposal can throw anything), so every read is guarded.
 */
const INSPECT_OPTIONS = {
  depth: 4,
  maxArrayLength: 50,
  maxStringLength: 400,
  compact: false,
  sorted: true,
  customInspect: false,
  getters: false,
  showProxy: true,
} as const;

/**
 * What a node:assert AssertionError expected and got, or null for any other error. Duck-typed
 * (`code === 'ERR_ASSERTION'`): module code may run in another realm, where `instanceof` fails.
 */
export function assertionDetailOf(error: unknown): AssertionDetail | null {
  try {
    const candidate = unwrapCause(error);
    if (typeof candidate !== 'object' || candidate === null) return null;
    const fields = candidate as { code?: unknown; operator?: unknown; expected?: unknown; actual?: unknown };
    if (fields.code !== 'ERR_ASSERTION' || !('expected' in candidate) || !('actual' in candidate)) return null;
    const operator = typeof fields.operator === 'string' ? fields.operator.slice(0, 40) : 'assert';
    return { operator, expected: render(fields.expected), actual: render(fields.actual) };
  } catch {
    return null;
  }
}

/** A wrapper that only adds a location (the proposal tests rethrow so) keeps the assertion as its cause. */
function unwrapCause(error: unknown): unknown {
  if (error instanceof Error && (error as { code?: unknown }).code !== 'ERR_ASSERTION' && error.cause !== undefined) return error.cause;
  return error;
}

function render(value: unknown): string {
  let text: string;
  try {
    text = inspect(value, INSPECT_OPTIONS);
  } catch {
    text = `(a ${typeof value} that cannot be shown)`;
  }
  if (text.length <= ASSERTION_VALUE_LIMIT) return text;
  return `${text.slice(0, ASSERTION_VALUE_LIMIT)}… (${text.length - ASSERTION_VALUE_LIMIT} more characters cut)`;
}
