import { useState } from 'react';
import type { WriteMode } from '../../../../shared/proposals';
import { CodeEditor } from '../../monaco/CodeEditor';
import { useAppStore } from '../../store/app-store-context';
import { ErrorNotice } from '../common/ErrorNotice';
import { Field } from '../common/Field';

const PLACEHOLDER_CODE = '// The code to add (Append) or the whole new file (Replace).\n';

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
  const [feature, setFeature] = useState('');
  const [target, setTarget] = useState<string>(selectedModule ?? '');
  const [mode, setMode] = useState<WriteMode>('append');
  const code = draft?.code ?? PLACEHOLDER_CODE;
  const tests = draft?.tests ?? null;
  const working = busy !== undefined;
  const input = { feature, target: target === '' ? null : target, mode };

  return (
    <form
      className="proposal proposal--new"
      aria-label="New proposal"
      onSubmit={(event) => {
        event.preventDefault();
        void create({ ...input, code, tests });
      }}
    >
      <header className="proposal__header">
        <h3 className="proposal__feature">New proposal</h3>
        <p className="proposal__meta">Describe the feature, then write the code — or let the configured model draft it.</p>
      </header>
      <div className="form-grid">
        <Field label="Feature" wide>
          <textarea rows={3} value={feature} onChange={(event) => setFeature(event.target.value)} placeholder="What should the agent be able to do?" required />
        </Field>
        <Field label="Target module">
          <select value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">Suggest one from the code</option>
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
              <input type="radio" name="new-mode" checked={mode === 'append'} onChange={() => setMode('append')} /> Append
            </label>
            <label className="checkbox">
              <input type="radio" name="new-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace
            </label>
          </div>
        </fieldset>
      </div>
      <div className="proposal__toolbar">
        <button type="submit" className="button button--primary" disabled={working || feature.trim() === ''}>
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
            onChange={(value) => editDraft('new', { code: value, tests })}
            testId="new-proposal-code"
          />
        </div>
      </div>
    </form>
  );
}
