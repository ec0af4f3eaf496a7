import type { LineChange } from '../../shared/contract/panel';
import type { ModuleId } from '../../shared/ids';
import type { VersionInfo } from '../../shared/history';
import { diffLines } from '../../shared/line-diff';
import type { VersionStore } from '../store/version-store';

/** Counts remembered: many pages of a busy history, well under a MB. */
const CAPACITY = 50_000;
/** The agent runs in this process too: counting yields to it after this much work. */
const SLICE_MS = 8;

export type LineChangeVersions = Pick<VersionStore, 'get' | 'previous' | 'content'>;

/**
 * Lines added and removed per version, against the module's entry before it, on the product's
 * one line diff. Asked for a page of ids at a time; each version is counted once and
 * remembered (history is append-only). Counting reads two contents per version, so it runs in
 * short slices that let the agent's own work through.
 */
export class LineChanges {
  private readonly versions: LineChangeVersions;
  private readonly known = new Map<string, LineChange>();

  constructor(versions: LineChangeVersions) {
    this.versions = versions;
  }

  async of(versionIds: readonly string[]): Promise<Record<string, LineChange>> {
    const answer: Record<string, LineChange> = {};
    // Pages come newest first: a version's content is the previous one of the next entry of its module.
    const lastRead = new Map<ModuleId, { readonly hash: string; readonly content: string }>();
    const content = (version: VersionInfo): string => {
      const cached = lastRead.get(version.module);
      const text = cached?.hash === version.hash ? cached.content : this.versions.content(version.hash);
      lastRead.set(version.module, { hash: version.hash, content: text });
      return text;
    };
    let sliceStart = performance.now();
    for (const id of versionIds) {
      const remembered = this.known.get(id);
      if (remembered !== undefined) {
        answer[id] = remembered;
        continue;
      }
      const version = this.versions.get(id);
      if (version === null) continue;
      const previous = this.versions.previous(version);
      let change: LineChange;
      if (previous?.hash === version.hash) change = { added: 0, removed: 0 };
      else {
        const after = content(version);
        const diff = diffLines(previous === null ? '' : content(previous), after);
        change = { added: diff.added, removed: diff.removed };
      }
      this.remember(version.versionId, change);
      answer[version.versionId] = change;
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    return answer;
  }

  private remember(id: string, change: LineChange): void {
    this.known.set(id, change);
    if (this.known.size > CAPACITY) this.known.delete(this.known.keys().next().value as string);
  }
}
