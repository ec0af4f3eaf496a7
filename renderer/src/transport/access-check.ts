import { AUTH_PATH, TOKEN_PARAM } from '../../../shared/contract/channels';
import type { AccessVerdict } from './websocket-connection';

/**
 * Asks the host (`GET /auth?token=…`, no agent data either way) whether the page's access link
 * is valid: 204 valid, 401 invalid, anything else (or no answer) unknown.
 */
export async function checkAccessLink(
  location: Pick<Location, 'origin' | 'search'>,
  fetchImpl: typeof fetch = fetch,
): Promise<AccessVerdict> {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? '';
  try {
    const response = await fetchImpl(`${location.origin}${AUTH_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`, {
      cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 204) return 'valid';
    if (response.status === 401) return 'invalid';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}
