import { useAppStore } from '../../store/app-store-context';
import { ErrorNotice } from '../common/ErrorNotice';
import { ApplyDialog } from './ApplyDialog';
import { NewProposalForm } from './NewProposalForm';
import { ProposalDetail } from './ProposalDetail';
import { ProposalList } from './ProposalList';

/** Proposals: written or generated code, its sandbox report, approval, and Apply. */
export function ProposalsView() {
  const selectedId = useAppStore((state) => state.proposals.selectedId);
  const selected = useAppStore((state) => state.proposals.list.find((proposal) => proposal.id === selectedId) ?? null);
  const error = useAppStore((state) => state.proposals.error);
  return (
    <div className="proposals" data-testid="proposals">
      <ProposalList />
      <section className="proposals__detail" aria-label={selected === null ? 'Proposal' : `Proposal ${selected.id}`}>
        {error !== null && <ErrorNotice error={error} context="Could not list the proposals." />}
        {selectedId === 'new' ? (
          <NewProposalForm />
        ) : selected === null ? (
          <p className="empty empty--center">Select a proposal, or write a new one.</p>
        ) : (
          <ProposalDetail key={selected.id} proposal={selected} />
        )}
      </section>
      <ApplyDialog />
    </div>
  );
}
