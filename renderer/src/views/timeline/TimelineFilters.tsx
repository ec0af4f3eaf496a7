import type { ProposalId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import type { StateFilter } from '../../store/timeline-slice';

const FEATURE_CHARS = 48;

/** Search, state and proposal: one set of filters for the lanes and the list (the sidebar picks the module). */
export function TimelineFilters() {
  const filter = useAppStore((state) => state.timeline.filter);
  const setFilter = useAppStore((state) => state.setTimelineFilter);
  const proposals = useAppStore((state) => state.proposals.list);
  // A proposal named by a link but not listed (yet) still shows as chosen.
  const listed = filter.proposal === null || proposals.some((proposal) => proposal.id === filter.proposal);
  return (
    <div className="timeline-filters" role="search" aria-label="Filter the timeline" data-testid="timeline-filters">
      <input
        type="search"
        className="timeline-filters__search"
        value={filter.text}
        onChange={(event) => setFilter({ text: event.target.value })}
        placeholder="Search reason, id, hash, proposal…"
        aria-label="Search versions"
      />
      <select aria-label="Show versions" value={filter.state} onChange={(event) => setFilter({ state: event.target.value as StateFilter })}>
        <option value="all">All states</option>
        <option value="stable">Stable</option>
        <option value="probation">On probation or applied</option>
        <option value="failed">Failed or rolled back</option>
        <option value="restored">Rollbacks</option>
        <option value="proposal">From a proposal</option>
      </select>
      <select
        aria-label="Proposal"
        className="timeline-filters__proposal"
        value={filter.proposal ?? ''}
        onChange={(event) => setFilter({ proposal: event.target.value === '' ? null : (event.target.value as ProposalId) })}
        data-testid="timeline-proposal-filter"
      >
        <option value="">All proposals</option>
        {!listed && filter.proposal !== null && <option value={filter.proposal}>{filter.proposal}</option>}
        {proposals.map((proposal) => (
          <option key={proposal.id} value={proposal.id}>
            {proposal.id} — {proposal.feature.length > FEATURE_CHARS ? `${proposal.feature.slice(0, FEATURE_CHARS)}…` : proposal.feature}
          </option>
        ))}
      </select>
      {(filter.text !== '' || filter.state !== 'all' || filter.proposal !== null) && (
        <button type="button" className="button button--small" onClick={() => setFilter({ text: '', state: 'all', proposal: null })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
