/** Proposals: written or generated code, its sandbox report, approval and Apply. */
export function ProposalsView() {
  return (
    <div className="proposals" data-testid="proposals">
      <p className="empty empty--center">Proposals are not available from this host yet.</p>
    </div>
  );
}
