import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Dispatcher } from '../../shared/contract/dispatch';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/channels';
import { fail, type Envelope } from '../../shared/result';
import type { PanelEventSender } from '../services/panel-events';

/*
 * The Electron side of the panel contract. Only types come from 'electron', so this file runs
 * (and is tested) under plain Node; electron/main/index.ts passes in the real ipcMain.
 */

/** The parts of an invoke event the sender check reads. */
export interface SenderEvent {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const UNAUTHORIZED_ENVELOPE = fail({
  code: 'UNAUTHORIZED',
  message: 'Request refused: it did not come from the panel page.',
});

/**
 * Answers IPC_INVOKE_CHANNEL with the dispatcher's envelope. A request from any frame other than
 * the app's own page gets UNAUTHORIZED. Never throws. Returns a function that removes the handler.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: Dispatcher,
  isTrustedSender: SenderCheck,
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, payload: unknown): Promise<Envelope<unknown>> => {
    if (!safelyTrusted(isTrustedSender, event)) return UNAUTHORIZED_ENVELOPE;
    return dispatcher(payload);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

function safelyTrusted(isTrustedSender: SenderCheck, event: IpcMainInvokeEvent): boolean {
  try {
    return isTrustedSender(event);
  } catch {
    // A frame torn down mid-request can throw on access; refusing is the safe answer.
    return false;
  }
}

/**
 * Trusts only the main frame showing the app's page: for a file:// page the exact file, for the
 * dev server its origin (Vite serves modules from many paths there). Subframes never qualify.
 */
export function createTrustedSenderCheck(pageUrl: string): (event: SenderEvent) => boolean {
  const page = new URL(pageUrl);
  return (event) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null) return false;
    return isAppPage(frame.url, page);
  };
}

function isAppPage(url: string, page: URL): boolean {
  if (!URL.canParse(url)) return false;
  const candidate = new URL(url);
  if (page.protocol === 'file:') {
    return candidate.protocol === 'file:' && candidate.host === page.host && candidate.pathname === page.pathname;
  }
  return candidate.origin === page.origin;
}

/** Pushes `(event, payload)` to one window's page; a closed window is skipped, not an error. */
export function createEventSender(webContents: Pick<WebContents, 'send' | 'isDestroyed'>): PanelEventSender {
  return (event, payload) => {
    if (webContents.isDestroyed()) return;
    webContents.send(IPC_EVENT_CHANNEL, event, payload);
  };
}
