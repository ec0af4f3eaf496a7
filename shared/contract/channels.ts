/*
 * Names both ends of a transport must agree on. No imports: the sandboxed preload bundles this
 * file, and it must stay free of zod and everything else.
 */

/** The IPC channel names used by the Electron adapter and preload. */
export const IPC_INVOKE_CHANNEL = 'saraphina:invoke';
export const IPC_EVENT_CHANNEL = 'saraphina:event';

/** Query parameter that carries the headless host's access token. */
export const TOKEN_PARAM = 'token';
/** Path of the headless host's WebSocket endpoint. */
export const WS_PATH = '/ws';
/**
 * Path of the host's token check: `GET /auth?token=…` answers 204 for the right token and 401
 * otherwise, with no agent data either way, so the panel can tell a stale link from a down host.
 */
export const AUTH_PATH = '/auth';
