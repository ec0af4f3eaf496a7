import type { ErrorInfo } from '../../../shared/errors';
import type { ReloadOutcome, ReloadRecord, VersionInfo } from '../../../shared/history';
import type { ModuleId, VersionId } from '../../../shared/ids';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

/** One side of the audit's comparison: a recorded version, or a module's file as it is now. */
export type DiffSide = { readonly kind: 'version'; readonly versionId: VersionId } | { readonly kind: 'current'; readonly module: ModuleId };

export type OutcomeFilter = ReloadOutcome | 'all';

export interface AuditState {
  /** Reload attempts, newest first. */
  readonly reloads: readonly ReloadRecord[];
  readonly loaded: boolean;
  readonly loading: boolean;
  readonly error: ErrorInfo | null;
  readonly outcome: OutcomeFilter;
  readonly left: DiffSide | null;
  readonly right: DiffSide | null;
  readonly sideBySide: boolean;
  readonly ignoreWhitespace: boolean;
  readonly collapseUnchanged: boolean;
  /** The module compared, chosen in the audit; null follows the sidebar's selection. */
  readonly compareModule: ModuleId | null;
  /** The reload history's module filter; 'follow' uses the sidebar's selection, null is all modules. */
  readonly reloadModule: ModuleId | null | 'follow';
  /** The reload that recorded this version is marked and scrolled to (from the timeline's link). */
  readonly highlightVersionId: VersionId | null;
}

export interface AuditSlice {
  readonly audit: AuditState;
  readonly loadReloads: () => Promise<void>;
  readonly receiveReload: (record: ReloadRecord) => void;
  readonly setOutcomeFilter: (outcome: OutcomeFilter) => void;
  readonly setDiffSide: (which: 'left' | 'right', side: DiffSide | null) => void;
  readonly swapDiffSides: () => void;
  readonly setSideBySide: (sideBySide: boolean) => void;
  readonly setIgnoreWhitespace: (ignore: boolean) => void;
  readonly setCollapseUnchanged: (collapse: boolean) => void;
  readonly setCompareModule: (module: ModuleId | null) => void;
  readonly setReloadModule: (module: ModuleId | null) => void;
  /** Opens the reload history of the version's module at the reload that recorded it. */
  readonly showReloadOf: (version: VersionInfo) => void;
  /** Opens the audit on a comparison (from the timeline's "Compare in audit"). */
  readonly compareInAudit: (left: DiffSide, right: DiffSide) => void;
}

const MAX_RELOADS = 5_000;

export function createAuditSlice(client: PanelClient): SliceCreator<AuditSlice> {
  let pending: ReloadRecord[] | null = null;
  const setAudit = (set: Parameters<SliceCreator<AuditSlice>>[0], update: (audit: AuditState) => Partial<AuditState>) =>
    set((state) => ({ audit: { ...state.audit, ...update(state.audit) } }));

  return (set) => ({
    audit: {
      reloads: [],
      loaded: false,
      loading: false,
      error: null,
      outcome: 'all',
      left: null,
      right: null,
      sideBySide: true,
      ignoreWhitespace: false,
      collapseUnchanged: true,
      compareModule: null,
      reloadModule: 'follow',
      highlightVersionId: null,
    },

    loadReloads: async () => {
      pending = [];
      setAudit(set, () => ({ loading: true }));
      try {
        const fetched = await client.listReloads({ limit: MAX_RELOADS });
        const known = new Set(fetched.map((record) => record.id));
        const newer = pending.filter((record) => !known.has(record.id)).reverse();
        setAudit(set, () => ({ reloads: [...newer, ...fetched], loaded: true, loading: false, error: null }));
      } catch (error) {
        setAudit(set, () => ({ loading: false, error: describeFailure(error) }));
      } finally {
        pending = null;
      }
    },

    receiveReload: (record) => {
      pending?.push(record);
      setAudit(set, (audit) =>
        audit.reloads.some((known) => known.id === record.id) ? {} : { reloads: [record, ...audit.reloads].slice(0, MAX_RELOADS) },
      );
    },

    setOutcomeFilter: (outcome) => setAudit(set, () => ({ outcome })),
    setDiffSide: (which, side) => setAudit(set, () => (which === 'left' ? { left: side } : { right: side })),
    swapDiffSides: () => setAudit(set, (audit) => ({ left: audit.right, right: audit.left })),
    setSideBySide: (sideBySide) => setAudit(set, () => ({ sideBySide })),
    setIgnoreWhitespace: (ignoreWhitespace) => setAudit(set, () => ({ ignoreWhitespace })),
    setCollapseUnchanged: (collapseUnchanged) => setAudit(set, () => ({ collapseUnchanged })),
    setCompareModule: (compareModule) => setAudit(set, () => ({ compareModule, left: null, right: null })),
    setReloadModule: (reloadModule) => setAudit(set, () => ({ reloadModule, highlightVersionId: null })),
    showReloadOf: (version) => {
      setAudit(set, () => ({ reloadModule: version.module, outcome: 'all', highlightVersionId: version.versionId }));
      set((state) => ({ ui: { ...state.ui, tab: 'audit' } }));
    },
    compareInAudit: (left, right) => {
      setAudit(set, () => ({ left, right, compareModule: null }));
      set((state) => ({ ui: { ...state.ui, tab: 'audit' } }));
    },
  });
}
