import { useEffect, useRef } from 'react';
import type { WriteMode } from '../../../../shared/proposals';
import { CodeEditor } from '../../monaco/CodeEditor';
import { useAppStore } from '../../store/app-store-context';
import { useModuleSource } from '../../store/use-files';
import { ErrorNotice } from '../common/ErrorNotice';
import { Field } from '../common/Field';

/** Shown in the empty editor only; it is never part of the proposal's code. */
const PLACEHOLDER = { append: 'The code to add at the end of the module', replace: 'The whole new file (starts from the module as it is now)' } as const;

/** Writes a new proposal by hand, or asks the configured model to draft one. */
export function NewProposalForm() {
  const modules = useAppStore((state) => state.modules.list);
  const selectedModule = useAppStore((state) => state.modules.selectedId);
  const model = useAppStore((state) => state.workspace.info?.model ?? null);
  const busy = useAppStore((state) => state.proposals.busy['new']);
  const failure = useAppStore((state) => (state.proposals.failure?.id === 'new' ? state.proposals.failure : null));
  const draft = useAppStore((state) => state.proposals.drafts['new']);
  const editDraft = useAppStore((state) => state.editDraft);
  const create = useAppStore((state) => state.createProposal);
  const generate = useAppStore((state) => state.generateProposal);
  // Everything typed lives in the draft, which is kept locally: a reload or a host restart loses nothing.
  const feature = draft?.feature ?? '';
  const target = draft?.target ?? selectedModule ?? '';
  const mode: WriteMode = draft?.mode ?? 'append';
  const code = draft?.code ?? '';
  const tests = draft?.tests ?? null;
  const update = (change: Partial<NonNullable<typeof draft>>) => editDraft('new', { code, tests, feature, mode, target, ...change });
  const working = busy !== undefined;
  const input = { feature, target: target === '' ? null : target, mode };
  const featureField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => featureField.current?.focus(), []);
  useReplaceStartsFromFile(mode, target, code, (content) => update({ code: content }));
  const missing =
    feature.trim() === '' ? 'Describe the feature first.' : code.trim() === '' ? 'Write the code first.' : mode === 'replace' && target === '' ? 'Pick the module to replace.' : null;

  return (
    <form
      className="proposal proposal--new"
      aria-label="New proposal"
      onSubmit={(event) => {
        event.preventDefault();
        if (missing === null) void create({ ...input, code, tests });
      }}
    >
      <header className="proposal__header">
        <h3 className="proposal__feature">New proposal</h3>
        <p className="proposal__meta">Describe the feature, then write the code — or let the configured model draft it.</p>
      </header>
      <div className="form-grid">
        <Field label="Feature" wide>
          <textarea ref={featureField} rows={3} value={feature} onChange={(event) => update({ feature: event.target.value })} placeholder="What should the agent be able to do?" required />
        </Field>
        <Field label="Target module">
          <select value={target} onChange={(event) => update({ target: event.target.value })}>
            <option value="">{mode === 'replace' ? 'Pick the module to replace' : 'Suggest one from the code'}</option>
            {modules.map((module) => (
              <option key={module.id} value={module.id}>
                {module.id}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="field">
          <legend className="field__label">Write mode</legend>
          <div className="radio-row">
            <label className="checkbox">
              <input type="radio" name="new-mode" checked={mode === 'append'} onChange={() => update({ mode: 'append' })} /> Append
            </label>
            <label className="checkbox">
              <input type="radio" name="new-mode" checked={mode === 'replace'} onChange={() => update({ mode: 'replace' })} /> Replace
            </label>
          </div>
        </fieldset>
      </div>
      <div className="proposal__toolbar">
        <button type="submit" className="button button--primary" disabled={working || missing !== null} title={missing ?? 'Store the proposal; then run its sandbox'}>
          Create proposal
        </button>
        <button
          type="button"
          className="button"
          disabled={working || feature.trim() === '' || model === null}
          onClick={() => void generate(input)}
          title={model === null ? 'No model is configured (model in saraphina.config.json).' : `Ask ${model} to draft the code and a test`}
        >
          Generate with model
        </button>
        {missing !== null && <span className="muted small" data-testid="new-proposal-missing">{missing}</span>}
        <span className="muted small">{model === null ? 'No model configured: write the code yourself.' : `Model: ${model}`}</span>
        {working && (
          <span className="proposal__busy" role="status">
            <span className="spinner" aria-hidden="true" /> {busy === 'generate' ? 'Asking the model…' : 'Creating…'}
          </span>
        )}
      </div>
      {failure !== null && <ErrorNotice error={failure.error} context="The proposal was not created." testId="proposal-error" />}
      <div className="proposal__editors">
        <span className="field__label">Code</span>
        <div className="proposal__code">
          <CodeEditor
            value={code}
            ariaLabel="Code of the new proposal"
            path="file:///proposals/new.ts"
            placeholder={PLACEHOLDER[mode]}
            onChange={(value) => update({ code: value })}
            testId="new-proposal-code"
          />
        </div>
      </div>
    </form>
  );
}

/**
 * Replace starts from the module's file as it is now (so an edit keeps what it does not touch),
 * when the editor is empty or still holds another module's untouched file.
 */
function useReplaceStartsFromFile(mode: WriteMode, target: string, code: string, seed: (content: string) => void): void {
  const source = useModuleSource(mode === 'replace' && target !== '' ? target : null);
  const seeded = useRef<string | null>(null);
  const content = source?.status === 'ready' ? source.value.content : null;
  useEffect(() => {
    if (content === null || content === code) return;
    if (code.trim() === '' || code === seeded.current) {
      seeded.current = content;
      seed(content);
    }
  }, [content, code, seed]);
}
