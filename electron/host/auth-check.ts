import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOKEN_PARAM } from '../../shared/contract/channels';
import { sendText, setSecurityHeaders } from './http-responses';
import { tokenMatches } from './token';

/**
 * Answers `GET <path>?token=…` when the request is for it (and returns true): 204 for the
 * host's token, 401 for any other. A browser cannot read why a WebSocket upgrade was refused,
 * so the panel asks here first and can tell a stale link ("was the host restarted?") from a
 * host that is down. The answer carries no agent data either way.
 */
export function answerAuthCheck(request: IncomingMessage, response: ServerResponse, path: string, token: string): boolean {
  const url = new URL(request.url ?? '/', 'http://host.invalid');
  if (url.pathname !== path) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    return true;
  }
  if (!tokenMatches(url.searchParams.get(TOKEN_PARAM), token)) {
    sendText(response, 401, 'This access link is not valid.');
    return true;
  }
  setSecurityHeaders(response);
  response.writeHead(204, { 'Cache-Control': 'no-store' });
  response.end();
  return true;
}
