import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Whether a request's `Host` names this host: a loopback name with the port it listens on, or
 * one of the configured names (`name` for any port, `name:port` for that one). Anything else is
 * refused before any answer, so a page on another site whose name was rebound to 127.0.0.1 (DNS
 * rebinding) cannot read the panel, the auth check or the socket.
 */
export function hostHeaderAllowed(request: IncomingMessage, port: number, configured: readonly string[] = []): boolean {
  const host = request.headers.host?.trim().toLowerCase();
  if (host === undefined || host === '') return false;
  if (LOOPBACK_NAMES.some((name) => host === `${name}:${port}`)) return true;
  return configured.some((entry) => {
    const name = entry.trim().toLowerCase();
    return host === name || (!hasPort(name) && host.startsWith(`${name}:`) && /^\d+$/.test(host.slice(name.length + 1)));
  });
}

export const HOST_REFUSED = 'This host name is not allowed here (DNS rebinding?); open the URL the host printed.';

function hasPort(entry: string): boolean {
  return /:\d+$/.test(entry) && !entry.endsWith(']');
}
