// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ApplyPreview, ApplyResult } from '../../shared/proposals';
import { TypeErrors } from '../../renderer/src/views/proposals/TypeErrors';
import { fakePanel, proposal, settle } from './panel-fakes';

afterEach(() => cleanup());

const PREVIEW = { proposalId: 'proposal_1', module: 'knowledge_engine', mode: 'append', original: 'a\n', result: 'a\nb\n', baseHash: 'f'.repeat(64), warnings: [] } as unknown as ApplyPreview;
const DETAIL = "proposal_1:3:9 TS2322 Type 'string' is not assignable to type 'number'. (in modules/knowledge_engine.ts:40)";
const REFUSED = {
  outcome: 'refused',
  module: 'knowledge_engine',
  steps: [],
  error: { code: 'TYPE_ERRORS', message: '1 type error in proposal_1; not published.', details: [DETAIL] },
} as unknown as ApplyResult;

describe('type errors in the Apply dialog', () => {
  test('a refusal for type errors keeps the dialog open on them; Confirm with the box ticked sends the override', async () => {
    const applied = { outcome: 'applied', module: 'knowledge_engine', steps: [] } as unknown as ApplyResult;
    const { store, called } = fakePanel({
      listProposals: () => [proposal('proposal_1', { status: 'approved' })],
      previewApply: () => PREVIEW,
      applyProposal: ({ allowTypeErrors }) => (allowTypeErrors === true ? applied : REFUSED),
    });
    await settle();
    await store.getState().openApply('proposal_1');
    await store.getState().confirmApply();
    expect(store.getState().proposals.apply).toMatchObject({ status: 'choosing', error: { code: 'TYPE_ERRORS', details: [DETAIL] } });

    await store.getState().confirmApply({ allowTypeErrors: true });
    expect(called('applyProposal')[1]?.input).toMatchObject({ id: 'proposal_1', allowTypeErrors: true });
    expect(store.getState().proposals.apply).toMatchObject({ status: 'done', result: applied });
  });

  test('lists each error at its line and offers the override', () => {
    const onAllowChange = vi.fn();
    render(<TypeErrors error={REFUSED.error ?? null} allow={false} onAllowChange={onAllowChange} disabled={false} />);
    expect(screen.getByRole('list', { name: 'Type errors' }).textContent).toContain(DETAIL);
    fireEvent.click(screen.getByRole('checkbox', { name: /Apply despite type errors/ }));
    expect(onAllowChange).toHaveBeenCalledWith(true);
  });
});
