import { useMemo } from 'react';
import type { VersionInfo } from '../../../../shared/history';
import type { ModuleId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';
import type { DiffSide } from '../../store/audit-slice';
import { useModuleSource, useVersionDetail } from '../../store/use-files';
import type { ErrorInfo } from '../../../../shared/errors';
import { formatWhen } from '../common/format';
import { describeVersion } from '../common/labels';

export interface ResolvedSide {
  readonly side: DiffSide;
  readonly label: string;
  readonly versionId: string | null;
  readonly hash: string | null;
  readonly content: string | null;
  readonly error: ErrorInfo | null;
}

/**
 * The module the audit compares: the one picked in the audit, else the left side's (from
 * "Compare in audit"), else the sidebar's selection, else the latest changed.
 */
export function useAuditModule(): ModuleId | null {
  const chosen = useAppStore((state) => state.audit.compareModule);
  const selected = useAppStore((state) => state.modules.selectedId);
  // The most recently changed module is the likeliest to be audited.
  const first = useAppStore((state) => state.timeline.versions[0]?.module ?? state.modules.list[0]?.id ?? null);
  const left = useAppStore((state) => state.audit.left);
  const leftModule = useAppStore((state) =>
    left?.kind === 'version' ? (state.timeline.versions.find((version) => version.versionId === left.versionId)?.module ?? null) : (left?.module ?? null),
  );
  return chosen ?? leftModule ?? selected ?? first;
}

/** The module's versions, newest first. */
export function useModuleVersions(module: ModuleId | null): readonly VersionInfo[] {
  const versions = useAppStore((state) => state.timeline.versions);
  return useMemo(() => (module === null ? [] : versions.filter((version) => version.module === module)), [versions, module]);
}

/**
 * The two sides to compare. A side that names another module than the one compared (the
 * selection changed) falls back to the defaults: the version before the current one on the
 * left, the file on disk on the right.
 */
export function useComparedSides(module: ModuleId | null, versions: readonly VersionInfo[]): [DiffSide | null, DiffSide | null] {
  const left = useAppStore((state) => state.audit.left);
  const right = useAppStore((state) => state.audit.right);
  const belongs = (side: DiffSide | null): side is DiffSide =>
    side !== null &&
    (side.kind === 'current' ? side.module === module : versions.some((version) => version.versionId === side.versionId));
  if (module === null) return [null, null];
  const fallbackLeft = versions[1] ?? versions[0];
  return [
    belongs(left) ? left : fallbackLeft === undefined ? null : { kind: 'version', versionId: fallbackLeft.versionId },
    belongs(right) ? right : { kind: 'current', module },
  ];
}

export function useResolvedSide(side: DiffSide | null, versions: readonly VersionInfo[]): ResolvedSide | null {
  const detail = useVersionDetail(side?.kind === 'version' ? side.versionId : null);
  const source = useModuleSource(side?.kind === 'current' ? side.module : null);
  if (side === null) return null;
  if (side.kind === 'current') {
    const value = source?.status === 'ready' || source?.status === 'loading' ? source.value : undefined;
    return {
      side,
      label: `${side.module}.ts on disk now`,
      versionId: null,
      hash: value?.hash ?? null,
      content: value?.content ?? null,
      error: source?.status === 'error' ? source.error : null,
    };
  }
  const version = versions.find((entry) => entry.versionId === side.versionId);
  return {
    side,
    label: version === undefined ? side.versionId : describeVersion(version, formatWhen(version.createdAt)),
    versionId: side.versionId,
    hash: version?.hash ?? null,
    content: detail?.status === 'ready' ? detail.value.content : null,
    error: detail?.status === 'error' ? detail.error : null,
  };
}
