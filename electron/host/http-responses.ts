import type { ServerResponse } from 'node:http';

/** The panel's Content-Security-Policy; the Electron window uses the same one. */
export const PANEL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // 'self' covers the page's own WebSocket (same host and port); no other port, the debugger's included.
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
].join('; ');

/** The host's policy: the panel may connect to this host's own socket only (not any local port). */
export function hostCsp(port: number): string {
  return PANEL_CSP.replace('ws://127.0.0.1:*', `ws://127.0.0.1:${port} ws://localhost:${port}`);
}

/** Headers every HTTP answer of the host carries, files and errors alike (plus its CSP). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Never inside a frame (clickjacking): the old header and CSP's frame-ancestors.
  'X-Frame-Options': 'DENY',
};

export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', hostCsp(response.req.socket.localPort ?? 0));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

/** A short plain-text answer (errors, "not built"); one line plus a newline. */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = `${text}\n`;
  setSecurityHeaders(response);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
