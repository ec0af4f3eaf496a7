import type { ErrorInfo } from '../../../shared/errors';
import type { Proposal, WriteMode } from '../../../shared/proposals';
import type { PanelClient, SliceCreator } from './app-state';
import { createApplyActions, type ApplyActions, type ApplyState } from './apply-actions';
import { describeFailure } from './describe-failure';

export type ProposalAction = 'create' | 'generate' | 'save' | 'sandbox' | 'approve' | 'reject';

/** Code typed in the panel and not saved yet. */
export interface ProposalDraft {
  readonly code: string;
  readonly tests: string | null;
  /** The feature text (of the form that creates a proposal). */
  readonly feature?: string;
  /** The write mode and target picked in that form. */
  readonly mode?: WriteMode;
  readonly target?: string;
}

export interface NewProposalInput {
  readonly feature: string;
  readonly code: string;
  readonly tests: string | null;
  readonly target: string | null;
  readonly mode: WriteMode;
}

export interface ProposalsState {
  /** Newest first. */
  readonly list: readonly Proposal[];
  readonly loaded: boolean;
  readonly loading: boolean;
  readonly error: ErrorInfo | null;
  /** A proposal's id, 'new' for the form that creates one, or null. */
  readonly selectedId: string | null;
  readonly drafts: Readonly<Record<string, ProposalDraft>>;
  /** What is running for a proposal (by id; 'new' for the creation form). */
  readonly busy: Readonly<Record<string, ProposalAction>>;
  /** The last action that failed, shown next to the proposal until the next action. */
  readonly failure: { readonly id: string; readonly action: ProposalAction; readonly error: ErrorInfo } | null;
  readonly apply: ApplyState;
}

export interface ProposalsSlice extends ApplyActions {
  readonly proposals: ProposalsState;
  readonly loadProposals: () => Promise<void>;
  readonly receiveProposal: (proposal: Proposal) => void;
  readonly selectProposal: (id: string | null) => void;
  readonly editDraft: (id: string, draft: ProposalDraft) => void;
  readonly discardDraft: (id: string) => void;
  readonly createProposal: (input: NewProposalInput) => Promise<void>;
  readonly generateProposal: (input: Omit<NewProposalInput, 'code' | 'tests'>) => Promise<void>;
  readonly saveProposalCode: (id: string) => Promise<void>;
  readonly runSandbox: (id: string) => Promise<void>;
  readonly approveProposal: (id: string, force?: boolean) => Promise<void>;
  readonly rejectProposal: (id: string) => Promise<void>;
}

/** Puts a proposal into a newest-first list (replacing the stored copy, or on top when new). */
export function upsertProposal(list: readonly Proposal[], proposal: Proposal): Proposal[] {
  const index = list.findIndex((entry) => entry.id === proposal.id);
  if (index < 0) return [proposal, ...list];
  const next = [...list];
  next[index] = proposal;
  return next;
}

export function createProposalsSlice(client: PanelClient, initialDrafts: Readonly<Record<string, ProposalDraft>> = {}): SliceCreator<ProposalsSlice> {
  return (set, get, api) => {
    const patch = (update: (state: ProposalsState) => Partial<ProposalsState>) =>
      set((state) => ({ proposals: { ...state.proposals, ...update(state.proposals) } }));

    /** Runs one action for a proposal: marks it busy, records a failure, never throws. */
    const act = async <T>(id: string, action: ProposalAction, run: () => Promise<T>): Promise<T | undefined> => {
      patch((state) => ({ busy: { ...state.busy, [id]: action }, failure: null }));
      try {
        return await run();
      } catch (error) {
        patch(() => ({ failure: { id, action, error: describeFailure(error) } }));
        return undefined;
      } finally {
        patch((state) => {
          const { [id]: _done, ...busy } = state.busy;
          return { busy };
        });
      }
    };
    const receive = (proposal: Proposal | undefined) => {
      if (proposal !== undefined) get().receiveProposal(proposal);
      return proposal;
    };

    return {
      proposals: {
        list: [],
        loaded: false,
        loading: false,
        error: null,
        selectedId: null,
        drafts: initialDrafts,
        busy: {},
        failure: null,
        apply: { status: 'closed' },
      },

      loadProposals: async () => {
        patch(() => ({ loading: true }));
        try {
          const list = await client.listProposals({});
          patch((state) => ({
            list,
            loaded: true,
            loading: false,
            error: null,
            selectedId: state.selectedId ?? list[0]?.id ?? null,
          }));
        } catch (error) {
          patch(() => ({ loading: false, error: describeFailure(error) }));
        }
      },

      receiveProposal: (proposal) => patch((state) => ({ list: upsertProposal(state.list, proposal) })),
      selectProposal: (selectedId) => patch(() => ({ selectedId, failure: null })),
      editDraft: (id, draft) => patch((state) => ({ drafts: { ...state.drafts, [id]: draft } })),
      discardDraft: (id) =>
        patch((state) => {
          const { [id]: _dropped, ...drafts } = state.drafts;
          return { drafts };
        }),

      createProposal: async (input) => {
        const created = receive(
          await act('new', 'create', () =>
            client.createProposal({
              feature: input.feature,
              code: input.code,
              tests: input.tests,
              mode: input.mode,
              ...(input.target === null ? {} : { target: input.target }),
            }),
          ),
        );
        if (created !== undefined) {
          get().discardDraft('new');
          patch(() => ({ selectedId: created.id }));
        }
      },

      generateProposal: async (input) => {
        const created = receive(
          await act('new', 'generate', () =>
            client.generateProposal({ feature: input.feature, mode: input.mode, ...(input.target === null ? {} : { target: input.target }) }),
          ),
        );
        if (created !== undefined) patch(() => ({ selectedId: created.id }));
      },

      saveProposalCode: async (id) => {
        const draft = get().proposals.drafts[id];
        if (draft === undefined) return;
        const saved = receive(await act(id, 'save', () => client.updateProposalCode({ id, code: draft.code, tests: draft.tests })));
        if (saved !== undefined) get().discardDraft(id);
      },

      runSandbox: async (id) => {
        await act(id, 'sandbox', () => client.sandboxProposal({ id }));
        // The report arrives with the proposalChanged event; fetch too in case the event was missed.
        const list = await client.listProposals({}).catch(() => null);
        const fresh = list?.find((proposal) => proposal.id === id);
        if (fresh !== undefined) get().receiveProposal(fresh);
      },

      approveProposal: async (id, force = false) => {
        receive(await act(id, 'approve', () => client.approveProposal({ id, force })));
      },

      rejectProposal: async (id) => {
        receive(await act(id, 'reject', () => client.rejectProposal({ id })));
      },

      ...createApplyActions(client)(set, get, api),
    };
  };
}
