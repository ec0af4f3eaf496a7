import type { ErrorInfo } from '../../../shared/errors';
import type { ApplyPreview, ApplyResult, WriteMode } from '../../../shared/proposals';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

/** The Apply dialog, from choosing the target to the step list of the result. */
export type ApplyState =
  | { readonly status: 'closed' }
  | {
      readonly status: 'choosing' | 'applying';
      readonly proposalId: string;
      /** null until the first preview names the suggested module. */
      readonly module: string | null;
      readonly mode: WriteMode;
      readonly preview: ApplyPreview | null;
      readonly previewing: boolean;
      readonly error: ErrorInfo | null;
    }
  | {
      readonly status: 'done';
      readonly proposalId: string;
      readonly module: string;
      readonly mode: WriteMode;
      readonly preview: ApplyPreview;
      readonly result: ApplyResult;
    };

export interface ApplyActions {
  readonly openApply: (proposalId: string) => Promise<void>;
  readonly chooseApplyTarget: (module: string, mode: WriteMode) => Promise<void>;
  /**
   * Applies exactly what the preview showed (its base hash); the result lists the steps. Refused
   * for type errors, the dialog stays open on them so the person can fix or override.
   */
  readonly confirmApply: (options?: { readonly allowTypeErrors?: boolean }) => Promise<void>;
  readonly closeApply: () => void;
}

export function createApplyActions(client: PanelClient): SliceCreator<ApplyActions> {
  return (set, get) => {
    const setApply = (apply: ApplyState) => set((state) => ({ proposals: { ...state.proposals, apply } }));
    const current = () => get().proposals.apply;
    // Previews answer in any order: only the newest request may set the dialog.
    let requestId = 0;

    const preview = async (proposalId: string, module: string | null, mode: WriteMode) => {
      const mine = ++requestId;
      setApply({ status: 'choosing', proposalId, module, mode, preview: null, previewing: true, error: null });
      try {
        const value = await client.previewApply({ id: proposalId, mode, ...(module === null ? {} : { module }) });
        if (mine !== requestId || current().status === 'closed') return;
        setApply({ status: 'choosing', proposalId, module: value.module, mode: value.mode, preview: value, previewing: false, error: null });
      } catch (error) {
        if (mine !== requestId || current().status === 'closed') return;
        setApply({ status: 'choosing', proposalId, module, mode, preview: null, previewing: false, error: describeFailure(error) });
      }
    };

    return {
      openApply: async (proposalId) => {
        const proposal = get().proposals.list.find((entry) => entry.id === proposalId);
        await preview(proposalId, proposal?.targets[0]?.module ?? null, proposal?.mode ?? 'append');
      },

      chooseApplyTarget: async (module, mode) => {
        const apply = current();
        if (apply.status !== 'choosing') return;
        await preview(apply.proposalId, module, mode);
      },

      confirmApply: async (options = {}) => {
        const apply = current();
        if (apply.status !== 'choosing' || apply.preview === null || apply.previewing) return;
        const { proposalId, preview: shown, mode } = apply;
        setApply({ ...apply, status: 'applying', error: null });
        try {
          const allow = options.allowTypeErrors === true ? { allowTypeErrors: true } : {};
          const result = await client.applyProposal({ id: proposalId, module: shown.module, mode, baseHash: shown.baseHash, ...allow });
          if (result.outcome === 'refused' && result.error?.code === 'TYPE_ERRORS') setApply({ ...apply, status: 'choosing', error: result.error });
          else setApply({ status: 'done', proposalId, module: shown.module, mode, preview: shown, result });
        } catch (error) {
          setApply({ ...apply, status: 'choosing', error: describeFailure(error) });
        }
      },

      closeApply: () => {
        if (current().status === 'applying') return;
        requestId += 1;
        setApply({ status: 'closed' });
      },
    };
  };
}
