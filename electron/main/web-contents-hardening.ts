import type { WebContents } from 'electron';

/**
 * The panel page never opens windows, embeds webviews or navigates away: a link or script that
 * tries is stopped here, so a compromised page cannot load foreign content with the preload API.
 */
export function hardenWebContents(contents: WebContents, pageUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isSamePage(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Same document, ignoring the fragment (in-page anchors are harmless). */
export function isSamePage(url: string, pageUrl: string): boolean {
  return withoutFragment(url) === withoutFragment(pageUrl);
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
