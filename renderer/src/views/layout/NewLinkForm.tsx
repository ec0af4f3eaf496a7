import { useState } from 'react';
import { TOKEN_PARAM } from '../../../../shared/contract/channels';
import { useAppStore } from '../../store/app-store-context';
import { draftsFragment } from '../../store/drafts-transfer';

/**
 * After a host restart the old link is dead: paste the one the host printed last. Unsaved
 * drafts go along in the new link's fragment (never sent to any server), so nothing typed is lost
 * even when the new host listens on another port.
 */
export function NewLinkForm() {
  const drafts = useAppStore((state) => state.proposals.drafts);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const draftCount = Object.keys(drafts).length;
  return (
    <form
      className="new-link"
      aria-label="Open the new access link"
      onSubmit={(event) => {
        event.preventDefault();
        const target = parseAccessLink(text);
        if (typeof target === 'string') {
          setError(target);
          return;
        }
        target.hash = draftsFragment(drafts);
        window.location.assign(target.href);
      }}
    >
      <label className="field">
        <span className="field__label">New access link</span>
        <input
          type="text"
          inputMode="url"
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
          placeholder="http://127.0.0.1:…/?token=…"
          aria-describedby="new-link-hint"
          aria-invalid={error !== null}
        />
      </label>
      <button type="submit" className="button button--primary" disabled={text.trim() === ''}>
        Open
      </button>
      <p id="new-link-hint" className="muted small">
        {error ?? `The host prints it when it starts (npm run cli -- serve).${draftCount > 0 ? ` Your ${draftCount === 1 ? 'draft goes' : `${draftCount} drafts go`} along.` : ''}`}
      </p>
    </form>
  );
}

/** The pasted link as a URL, or a one-line reason it is not an access link. */
export function parseAccessLink(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'That is not a link: paste the whole http://…/?token=… line the host printed.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The access link starts with http:// or https://.';
  if ((url.searchParams.get(TOKEN_PARAM) ?? '') === '') return `That link has no ?${TOKEN_PARAM}=… part: copy the whole line the host printed.`;
  return url;
}
