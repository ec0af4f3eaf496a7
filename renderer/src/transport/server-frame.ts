import type { ErrorInfo } from '../../../shared/errors';
import type { Envelope } from '../../../shared/result';
import type { ServerFrame } from '../../../shared/contract/wire';

/**
 * Reads one text frame from the host, or null when it is not a frame this panel understands.
 * The shapes are checked only as far as the transport relies on them; payloads stay unknown.
 */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  switch (value['type']) {
    case 'response': {
      const { id, envelope } = value;
      return typeof id === 'number' && isEnvelope(envelope) ? { type: 'response', id, envelope } : null;
    }
    case 'event': {
      const { event, payload } = value;
      return typeof event === 'string' ? { type: 'event', event, payload } : null;
    }
    case 'error': {
      const { error } = value;
      return isErrorInfo(error) ? { type: 'error', error } : null;
    }
    default:
      return null;
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!isRecord(value)) return false;
  if (value['ok'] === true) return 'value' in value;
  return value['ok'] === false && isErrorInfo(value['error']);
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  return isRecord(value) && typeof value['code'] === 'string' && typeof value['message'] === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
