import type { ServiceHandlers } from '../../shared/contract/define';
import type { PanelService } from '../../shared/contract/panel';
import type { ProposalService } from '../proposals/proposal-service';
import { describeProposalsLive, type LifecycleEngine } from '../proposals/proposal-lifecycle';

type ProposalMethods =
  | 'listProposals'
  | 'createProposal'
  | 'generateProposal'
  | 'updateProposalCode'
  | 'sandboxProposal'
  | 'approveProposal'
  | 'rejectProposal'
  | 'previewApply'
  | 'applyProposal'
  | 'proposalApplies'
  | 'liveProposals';

/** The proposal service as the panel calls it; the service checks every rule itself. */
export function createProposalHandlers(engine: LifecycleEngine, proposals: ProposalService): Pick<ServiceHandlers<PanelService>, ProposalMethods> {
  return {
    listProposals: () => proposals.list(),
    createProposal: ({ feature, code, tests, target, mode }) =>
      proposals.create({
        feature,
        code,
        source: 'person',
        ...(tests === undefined ? {} : { tests }),
        ...(target === undefined ? {} : { target }),
        ...(mode === undefined ? {} : { mode }),
      }),
    generateProposal: ({ feature, target, mode }) =>
      proposals.generate({ feature, ...(target === undefined ? {} : { target }), ...(mode === undefined ? {} : { mode }) }),
    updateProposalCode: ({ id, code, tests }) => proposals.updateCode(id, code, tests),
    sandboxProposal: ({ id }) => proposals.sandbox(id),
    approveProposal: ({ id, force }) => proposals.approve(id, { by: 'panel', ...(force === undefined ? {} : { force }) }),
    rejectProposal: ({ id }) => proposals.reject(id),
    previewApply: ({ id, module, mode }) => proposals.preview(id, module, mode),
    applyProposal: ({ id, module, mode, baseHash, allowTypeErrors, probationMs }) =>
      proposals.apply(id, module, mode, baseHash, { allowTypeErrors: allowTypeErrors === true, ...(probationMs === undefined ? {} : { probationMs }) }),
    proposalApplies: ({ id }) => proposals.applyAttempts(id),
    liveProposals: () => describeProposalsLive(engine, proposals),
  };
}
