import { PANEL_CSP } from '../host/http-responses';

/**
 * The window's Content-Security-Policy. The page talks to the main process over IPC only, so it
 * may open no connection at all (the host's page needs its own WebSocket; the window's does
 * not); it may not be framed. The dev server needs inline scripts for React Refresh and its
 * HMR socket, so only a dev (unpackaged, dev-server) run relaxes it.
 */
export function panelContentSecurityPolicy(devServer: boolean): string {
  const directives = PANEL_CSP.split(';')
    .map((directive) => directive.trim())
    .filter((directive) => !/^(connect-src|frame-ancestors)\b/.test(directive));
  const policy = [...directives, devServer ? "connect-src 'self' ws://localhost:*" : "connect-src 'none'", "frame-ancestors 'none'"].join('; ');
  return devServer ? policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") : policy;
}

/** Response headers with our policy in place of any the server sent (in any letter case). */
export function withContentSecurityPolicy(
  headers: Readonly<Record<string, string[]>> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
