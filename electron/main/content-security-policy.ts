import { PANEL_CSP } from '../host/http-responses';

/**
 * The window's Content-Security-Policy: the same policy the headless host sends. The dev server
 * needs inline scripts for React Refresh, so only a dev (unpackaged, dev-server) run relaxes it.
 */
export function panelContentSecurityPolicy(devServer: boolean): string {
  return devServer ? PANEL_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") : PANEL_CSP;
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
