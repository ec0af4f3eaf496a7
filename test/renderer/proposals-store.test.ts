import { describe, expect, test } from 'vitest';
import type { ApplyPreview, ApplyResult } from '../../shared/proposals';
import { failure, fakePanel, proposal, settle } from './panel-fakes';

const PREVIEW = (module: string, mode: string): ApplyPreview =>
  ({
    proposalId: 'proposal_1',
    module,
    mode,
    original: 'old\n',
    result: mode === 'append' ? 'old\nnew\n' : 'new\n',
    baseHash: 'f'.repeat(64),
    warnings: mode === 'replace' ? ['Replacing removes exports: x'] : [],
  }) as unknown as ApplyPreview;

describe('the proposals store', () => {
  test('keeps the list fresh from proposalChanged and selects the newest at start', async () => {
    const { store, emit } = fakePanel({ listProposals: () => [proposal('proposal_1')] });
    await settle();
    expect(store.getState().proposals.selectedId).toBe('proposal_1');
    emit('proposalChanged', proposal('proposal_2'));
    emit('proposalChanged', proposal('proposal_1', { status: 'approved' }));
    expect(store.getState().proposals.list.map((entry) => [entry.id, entry.status])).toEqual([
      ['proposal_2', 'draft'],
      ['proposal_1', 'approved'],
    ]);
  });

  test('saving edited code sends the draft, then drops it; a failure is kept next to the proposal', async () => {
    let fail = false;
    const { store, called } = fakePanel({
      listProposals: () => [proposal('proposal_1')],
      updateProposalCode: ({ id, code }) => {
        if (fail) throw failure('INVALID_STATE', 'proposal_1 is applied.');
        return proposal(String(id), { code: String(code) });
      },
    });
    await settle();
    store.getState().editDraft('proposal_1', { code: 'export const y = 2;\n', tests: null });
    await store.getState().saveProposalCode('proposal_1');
    expect(called('updateProposalCode')[0]?.input).toEqual({ id: 'proposal_1', code: 'export const y = 2;\n', tests: null });
    expect(store.getState().proposals.drafts['proposal_1']).toBeUndefined();
    expect(store.getState().proposals.list[0]?.code).toBe('export const y = 2;\n');

    fail = true;
    store.getState().editDraft('proposal_1', { code: 'z', tests: null });
    await store.getState().saveProposalCode('proposal_1');
    expect(store.getState().proposals.failure).toMatchObject({ id: 'proposal_1', action: 'save', error: { code: 'INVALID_STATE' } });
    expect(store.getState().proposals.drafts['proposal_1']?.code).toBe('z');
    expect(store.getState().proposals.busy).toEqual({});
  });

  test('Apply previews the suggested module, re-previews on a new choice, and applies what was previewed', async () => {
    const result = { outcome: 'applied', module: 'knowledge_engine', steps: [] } as unknown as ApplyResult;
    const { store, called } = fakePanel({
      listProposals: () => [proposal('proposal_1', { status: 'approved' })],
      previewApply: ({ module, mode }) => PREVIEW(String(module ?? 'knowledge_engine'), String(mode)),
      applyProposal: () => result,
    });
    await settle();
    await store.getState().openApply('proposal_1');
    expect(called('previewApply')[0]?.input).toEqual({ id: 'proposal_1', module: 'knowledge_engine', mode: 'append' });
    await store.getState().chooseApplyTarget('text_utils', 'replace');
    expect(store.getState().proposals.apply).toMatchObject({ status: 'choosing', module: 'text_utils', mode: 'replace', previewing: false });
    await store.getState().confirmApply();
    expect(called('applyProposal')[0]?.input).toEqual({ id: 'proposal_1', module: 'text_utils', mode: 'replace', baseHash: 'f'.repeat(64) });
    expect(store.getState().proposals.apply).toMatchObject({ status: 'done', result });
  });

  test('a slow preview for an earlier choice does not overwrite the later one', async () => {
    const answers: ((value: ApplyPreview) => void)[] = [];
    const { store } = fakePanel({ previewApply: () => new Promise<ApplyPreview>((resolve) => answers.push(resolve)) });
    const first = store.getState().openApply('proposal_1');
    await settle();
    const apply = store.getState().proposals.apply;
    expect(apply.status).toBe('choosing');
    const second = store.getState().chooseApplyTarget('b', 'replace');
    answers[1]?.(PREVIEW('b', 'replace'));
    answers[0]?.(PREVIEW('a', 'append'));
    await Promise.all([first, second]);
    expect(store.getState().proposals.apply).toMatchObject({ module: 'b', mode: 'replace' });
  });

  test('a preview that fails is shown in the dialog, and Confirm stays unavailable', async () => {
    const { store, called } = fakePanel({
      previewApply: () => {
        throw failure('MODULE_NOT_FOUND', 'No module "nope".');
      },
    });
    await store.getState().openApply('proposal_1');
    expect(store.getState().proposals.apply).toMatchObject({ status: 'choosing', preview: null, error: { code: 'MODULE_NOT_FOUND' } });
    await store.getState().confirmApply();
    expect(called('applyProposal')).toHaveLength(0);
  });
});
