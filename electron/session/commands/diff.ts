import { shortHash } from '../../../shared/ids';
import { diffLines, formatUnifiedDiff } from '../../../shared/line-diff';
import { sha256 } from '../../base/sha256';
import { defineCommand } from '../command';
import { requirePositional } from './arguments';

const USAGE = '/diff <versionA> <versionB|current>';

interface DiffResult {
  readonly module: string;
  readonly from: string;
  readonly to: string;
  readonly added: number;
  readonly removed: number;
  readonly diff: string;
}

export const diffCommand = defineCommand<DiffResult>({
  name: 'diff',
  usage: USAGE,
  summary: "Unified diff between two versions, or a version and the module's file now (current).",
  run: async (command, { engine }) => {
    const fromId = requirePositional(command, 0, 'versionA', USAGE);
    const toId = requirePositional(command, 1, 'versionB|current', USAGE);
    const from = engine.versions.require(fromId);
    const before = engine.versions.content(from.hash);
    let after: string;
    let toLabel: string;
    if (toId === 'current') {
      after = engine.runtime.workspace.readModuleSource(from.module);
      toLabel = `${from.module}.ts (current, ${shortHash(sha256(after))})`;
    } else {
      const to = engine.versions.require(toId);
      after = engine.versions.content(to.hash);
      toLabel = `${to.module}.ts (${to.versionId}, ${shortHash(to.hash)})`;
    }
    const fromLabel = `${from.module}.ts (${from.versionId}, ${shortHash(from.hash)})`;
    const diff = diffLines(before, after);
    return {
      module: from.module,
      from: fromLabel,
      to: toLabel,
      added: diff.added,
      removed: diff.removed,
      diff: formatUnifiedDiff(diff, { from: fromLabel, to: toLabel }),
    };
  },
  format: (result) => (result.diff === '' ? `no differences between ${result.from} and ${result.to}` : result.diff.trimEnd()),
});
