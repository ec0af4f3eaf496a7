import type { Transport } from '../../../shared/contract/client';
import { TOKEN_PARAM, WS_PATH } from '../../../shared/contract/channels';
import type { PanelConnection } from './connection';
import { createBridgeConnection } from './electron-bridge';
import { createWebSocketConnection, type WebSocketOptions } from './websocket-connection';

/** What the page needs to decide: the preload bridge if any, and its own address. */
export interface PageEnvironment {
  readonly saraphina?: Transport | undefined;
  readonly location: Pick<Location, 'protocol' | 'host' | 'search'>;
}

export type ConnectionChoice =
  | { readonly kind: 'ready'; readonly connection: PanelConnection }
  /** Served over HTTP without `?token=`: the page must not guess, and makes no connection. */
  | { readonly kind: 'needs-access-link' };

/** Electron's preload bridge when present; otherwise the headless host's WebSocket, given a token. */
export function chooseConnection(page: PageEnvironment, options: WebSocketOptions = {}): ConnectionChoice {
  if (page.saraphina !== undefined) return { kind: 'ready', connection: createBridgeConnection(page.saraphina) };
  const url = hostSocketUrl(page.location);
  if (url === null) return { kind: 'needs-access-link' };
  return { kind: 'ready', connection: createWebSocketConnection(url, options) };
}

/** `ws(s)://<host>/ws?token=…` for the page's own host, or null without a token. */
export function hostSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM);
  if (token === null || token === '') return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}
