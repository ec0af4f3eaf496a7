import type { Proposal } from '../../../../shared/proposals';
import { useAppStore } from '../../store/app-store-context';
import { Chip } from '../common/Chip';
import { Time } from '../common/Time';
import { firstLine, LIFECYCLE, useProposalLive } from './proposal-labels';

/** Proposals newest first (of the selected module when one is selected), and "New proposal". */
export function ProposalList() {
  const list = useAppStore((state) => state.proposals.list);
  const loaded = useAppStore((state) => state.proposals.loaded);
  const selectedId = useAppStore((state) => state.proposals.selectedId);
  const select = useAppStore((state) => state.selectProposal);
  const module = useAppStore((state) => state.modules.selectedId);
  const shown = module === null ? list : list.filter((proposal) => proposal.targets.some((target) => target.module === module));

  return (
    <section className="proposals__list" aria-labelledby="proposals-heading">
      <header className="section-header">
        <h2 id="proposals-heading" className="section-title">
          Proposals <span className="count">{shown.length}</span>
        </h2>
        <button type="button" className="button button--primary" onClick={() => select('new')} aria-pressed={selectedId === 'new'}>
          New proposal
        </button>
      </header>
      {loaded && shown.length === 0 && (
        <p className="empty">{module === null ? 'No proposals yet.' : `No proposals target ${module}.`}</p>
      )}
      <ul className="proposal-list" aria-label="Proposals">
        {shown.map((proposal) => (
          <li key={proposal.id}>
            <ProposalItem proposal={proposal} selected={proposal.id === selectedId} onSelect={() => select(proposal.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProposalItem({ proposal, selected, onSelect }: { proposal: Proposal; selected: boolean; onSelect: () => void }) {
  const live = useProposalLive(proposal);
  const status = LIFECYCLE[live.lifecycle];
  return (
    <button
      type="button"
      className="proposal-item"
      aria-pressed={selected}
      onClick={onSelect}
      data-testid="proposal-item"
      data-proposal-id={proposal.id}
      data-status={proposal.status}
      data-lifecycle={live.lifecycle}
    >
      <span className="proposal-item__top">
        <Chip tone={status.tone} title={live.detail ?? status.description}>
          {status.label}
        </Chip>
        <Time ms={proposal.updatedAt} className="proposal-item__time" />
      </span>
      <span className="proposal-item__feature">{firstLine(proposal.feature)}</span>
      <span className="proposal-item__meta">
        <code>{proposal.id}</code>
        <span>→ {proposal.targets.map((target) => target.module).join(', ') || 'no target'}</span>
        <span>{proposal.mode}</span>
        {proposal.source !== 'person' && <span>by {proposal.source}</span>}
      </span>
    </button>
  );
}
