import type { ProposalLive } from '../../shared/contract/panel';
import type { Proposal } from '../../shared/proposals';
import { rollbackOf } from '../engine/failure-explanation';
import type { Engine } from '../engine/open-engine';
import type { ProposalService } from './proposal-service';

/** A proposal's lifecycle follows the version history (and a rollback's explanation, which reads the reload log). */
export type LifecycleEngine = Pick<Engine, 'runtime' | 'versions' | 'reloadLog'>;

/** How many of a module's newest versions are read to tell what followed an applied version. */
const FIRST_WINDOW = 100;
const FOLLOW_WINDOW = 5_000;

/** Every proposal's lifecycle as the history says it, newest first. */
export function describeProposalsLive(engine: LifecycleEngine, proposals: ProposalService): ProposalLive[] {
  return proposals.list().map((proposal) => describeProposalLive(engine, proposals, proposal));
}

/**
 * Where a proposal really stands. Its record says "approved" or "applied"; the history says
 * whether that apply failed and was rolled back, was undone later, or replaced by a newer change.
 */
export function describeProposalLive(engine: LifecycleEngine, proposals: ProposalService, proposal: Proposal): ProposalLive {
  const base = { id: proposal.id, module: null, versionId: null, servingVersionId: null, detail: null, at: null };
  switch (proposal.status) {
    case 'draft':
      return { ...base, lifecycle: 'draft', canApply: false };
    case 'sandbox_passed':
      return { ...base, lifecycle: 'sandboxed', canApply: false };
    case 'sandbox_failed':
      return { ...base, lifecycle: 'sandbox_failed', canApply: false };
    case 'rejected':
      return { ...base, lifecycle: 'rejected', canApply: false };
    case 'approved': {
      const last = proposals.applyAttempts(proposal.id).at(-1);
      if (last === undefined || last.result.outcome !== 'rolled_back') return { ...base, lifecycle: 'approved', canApply: true };
      const { result } = last;
      return {
        ...base,
        lifecycle: 'apply_failed',
        module: result.module,
        versionId: result.versionId,
        servingVersionId: result.error?.restoredVersionId ?? engine.versions.current(result.module)?.versionId ?? null,
        detail: `apply failed, nothing changed: ${result.error?.message ?? 'the new code did not pass its checks'}`,
        at: last.startedAt,
        canApply: true,
      };
    }
    case 'applied':
      return appliedLive(engine, proposal, base);
  }
}

function appliedLive(engine: LifecycleEngine, proposal: Proposal, base: Omit<ProposalLive, 'lifecycle' | 'canApply'>): ProposalLive {
  const applied = proposal.appliedVersionId === null ? null : engine.versions.get(proposal.appliedVersionId);
  if (applied === null) return { ...base, lifecycle: 'applied', canApply: false };
  const known = { ...base, module: applied.module, versionId: applied.versionId, at: applied.createdAt, canApply: false };
  const head = engine.versions.current(applied.module);
  if (applied.state === 'rolled_back') {
    const rollback = rollbackOf(engine, applied);
    return {
      ...known,
      lifecycle: 'rolled_back',
      servingVersionId: head?.versionId ?? null,
      detail: `rolled back automatically: ${rollback?.message ?? 'it failed while on probation'}`,
      at: rollback?.at ?? applied.createdAt,
    };
  }
  if (head === null || head.versionId === applied.versionId || head.hash === applied.hash) {
    return { ...known, lifecycle: 'applied' };
  }
  // Most applied versions are recent: a short read usually finds them; a long one only when not.
  let history = engine.versions.history(applied.module, FIRST_WINDOW);
  if (!history.some((entry) => entry.versionId === applied.versionId) && history.length === FIRST_WINDOW) {
    history = engine.versions.history(applied.module, FOLLOW_WINDOW);
  }
  const index = history.findIndex((entry) => entry.versionId === applied.versionId);
  const newer = index < 0 ? history : history.slice(0, index);
  const older = index < 0 ? [] : history.slice(index + 1);
  const next = [...newer].reverse().find((entry) => !['pre_rollback', 'failed', 'rolled_back'].includes(entry.state)) ?? null;
  const restoresOlder = next?.state === 'restored' && older.some((entry) => entry.versionId === next.restoredFrom && entry.hash !== applied.hash);
  if (next !== null && restoresOlder) {
    return {
      ...known,
      lifecycle: 'rolled_back',
      servingVersionId: head.versionId,
      detail: `rolled back to ${next.restoredFrom ?? 'an earlier version'}: ${next.reason}`,
      at: next.createdAt,
    };
  }
  return {
    ...known,
    lifecycle: 'superseded',
    servingVersionId: head.versionId,
    detail: `replaced by ${next?.versionId ?? head.versionId}${next === null ? '' : `: ${next.reason}`}`,
    at: next?.createdAt ?? head.createdAt,
  };
}
