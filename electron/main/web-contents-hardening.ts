import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WebContents } from 'electron';

/**
 * The panel page never opens windows, embeds webviews, frames or navigates away: a link, script
 * or redirect that tries is stopped here, so a compromised page cannot load foreign content with
 * the preload API. A folder dropped on the window arrives as a navigation to its file:// URL;
 * it is stopped too and handed to `onFolderDropped` (open it as the workspace).
 */
export function hardenWebContents(contents: WebContents, pageUrl: string, onFolderDropped: (dir: string) => void = () => undefined): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (isSamePage(url, pageUrl)) return;
    event.preventDefault();
    const folder = droppedFolder(url);
    if (folder !== null) onFolderDropped(folder);
  });
  // The page has no frames of its own: no subframe may navigate anywhere. (The main frame is
  // will-navigate's, which must see a dropped folder's URL.)
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isSamePage(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Same document, ignoring the fragment (in-page anchors are harmless). */
export function isSamePage(url: string, pageUrl: string): boolean {
  return withoutFragment(url) === withoutFragment(pageUrl);
}

/** The folder a file:// navigation points at (what dropping a folder does), else null. */
export function droppedFolder(url: string): string | null {
  if (!URL.canParse(url) || new URL(url).protocol !== 'file:') return null;
  try {
    const file = fileURLToPath(url);
    return statSync(file).isDirectory() ? file : null;
  } catch {
    return null;
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
