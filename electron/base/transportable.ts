/**
 * A call's result made safe to send as JSON: undefined becomes null, and values JSON cannot
 * carry (functions, cycles, BigInt) become a short description rather than a crash.
 */
export function toTransportable(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
    return text === undefined ? describe(value) : JSON.parse(text);
  } catch {
    return describe(value);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  return `[unserialisable ${typeof value}]`;
}
