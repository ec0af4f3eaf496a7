import type { LineChange } from '../../shared/contract/panel';
import type { VersionInfo } from '../../shared/history';
import { diffLines } from '../../shared/line-diff';
import type { VersionStore } from '../store/version-store';

/** Pairs of contents remembered: many pages of a busy history, a few MB at most. */
const CAPACITY = 20_000;

export type LineChangeVersions = Pick<VersionStore, 'get' | 'previous' | 'content'>;

/**
 * Lines added and removed per version, against the module's entry before it, on the product's
 * one line diff. Asked for a page of ids at a time; each pair of contents is diffed once and
 * remembered (history is append-only, and a pair of hashes always diffs the same).
 */
export class LineChanges {
  private readonly versions: LineChangeVersions;
  private readonly known = new Map<string, LineChange>();

  constructor(versions: LineChangeVersions) {
    this.versions = versions;
  }

  of(versionIds: readonly string[]): Record<string, LineChange> {
    const answer: Record<string, LineChange> = {};
    for (const id of versionIds) {
      const version = this.versions.get(id);
      if (version !== null) answer[version.versionId] = this.change(version);
    }
    return answer;
  }

  private change(version: VersionInfo): LineChange {
    const previous = this.versions.previous(version);
    if (previous?.hash === version.hash) return { added: 0, removed: 0 };
    const key = `${previous?.hash ?? '-'}:${version.hash}`;
    const remembered = this.known.get(key);
    if (remembered !== undefined) {
      // Most recently used last, so the oldest pair is the one evicted.
      this.known.delete(key);
      this.known.set(key, remembered);
      return remembered;
    }
    const diff = diffLines(previous === null ? '' : this.versions.content(previous.hash), this.versions.content(version.hash));
    const change = { added: diff.added, removed: diff.removed };
    this.known.set(key, change);
    if (this.known.size > CAPACITY) this.known.delete(this.known.keys().next().value as string);
    return change;
  }
}
