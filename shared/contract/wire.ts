import { z } from 'zod';
import type { ErrorInfo } from '../errors';
import type { Envelope } from '../result';

/**
 * Frames of the contract over a WebSocket (the headless host). Electron IPC carries the same
 * request and envelope shapes through ipcRenderer.invoke instead.
 */
export const clientFrameSchema = z
  .object({ type: z.literal('request'), id: z.number().int().nonnegative(), method: z.string(), input: z.unknown() })
  .strict();
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { readonly type: 'response'; readonly id: number; readonly envelope: Envelope<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown }
  | { readonly type: 'error'; readonly error: ErrorInfo };

// The names moved to channels.ts (zod-free, for the preload); re-exported for existing callers.
export { AUTH_PATH, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, TOKEN_PARAM, WS_PATH } from './channels';
