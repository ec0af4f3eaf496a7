import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { sha256 } from '../../electron/runtime/compile';
import type { ModuleId } from '../../shared/ids';
import { readModule, startEngine, writeModule } from '../support/engine';
import { copyDemoWorkspace } from '../support/temp-workspace';

const TEXT_UTILS = 'text_utils' as ModuleId;
/** A new export whose body has a type error on its second line. */
const BROKEN_TAIL = "\nexport function shout(text: string): string {\n  const times: number = '3';\n  return text.repeat(times);\n}\n";

async function demo(config?: object) {
  const root = copyDemoWorkspace();
  if (config !== undefined) writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify(config));
  const engine = await startEngine(root);
  return { root, engine, original: readModule(root, 'text_utils') };
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('type-check gate on reload, rollback and apply', () => {
  test('a reload with a type error is refused: the error at the file and line, old code serving, the edit kept', async () => {
    const { root, engine, original } = await demo();
    const serving = engine.runtime.current(TEXT_UTILS)?.compiled.hash;
    const edited = original + BROKEN_TAIL;
    writeModule(root, 'text_utils', edited);

    const result = await engine.reloads.hotReloadModule('text_utils');

    expect(result.outcome).toBe('refused');
    expect(result.error).toMatchObject({ code: 'TYPE_ERRORS', message: '1 type error in text_utils.ts; not published.' });
    expect(result.error?.details).toEqual([
      `src/text_utils.ts:${lineOf(edited, "const times")}:9 TS2322 Type 'string' is not assignable to type 'number'.`,
    ]);
    expect(result.typeCheck).toMatchObject({ checked: true, tsconfig: 'tsconfig.json', errors: [{ code: 2322 }] });
    expect(engine.runtime.current(TEXT_UTILS)?.compiled.hash).toBe(serving);
    expect(engine.versions.require(result.versionId as string)).toMatchObject({ state: 'failed', hash: sha256(edited) });
    expect(engine.reloads.getReloadHistory(1)[0]?.typeCheck?.errors).toHaveLength(1);
  });

  test('an override publishes it and is recorded on the version; a clean reload records "passed"', async () => {
    const { root, engine, original } = await demo();
    writeModule(root, 'text_utils', original + BROKEN_TAIL);

    const overridden = await engine.reloads.hotReloadModule('text_utils', { allowTypeErrors: true, probationMs: 0 });
    expect(overridden.outcome).toBe('reloaded');
    expect(engine.versions.require(overridden.versionId as string).typeCheck).toEqual({ state: 'overridden', errors: 1 });

    writeModule(root, 'text_utils', original + BROKEN_TAIL.replace("'3'", '3'));
    const clean = await engine.reloads.hotReloadModule('text_utils', { probationMs: 0 });
    expect(clean.outcome).toBe('reloaded');
    expect(engine.versions.require(clean.versionId as string).typeCheck).toEqual({ state: 'passed', errors: 0 });
  });

  test('"typeCheck": false in saraphina.config.json turns the gate off', async () => {
    const { root, engine, original } = await demo({ typeCheck: false });
    writeModule(root, 'text_utils', original + BROKEN_TAIL);

    const result = await engine.reloads.hotReloadModule('text_utils', { probationMs: 0 });

    expect(result.outcome).toBe('reloaded');
    expect(result.typeCheck).toBeUndefined();
    expect(engine.versions.require(result.versionId as string).typeCheck).toBeUndefined();
  });

  test('a rollback to a version never checked is checked first: refused on type errors unless overridden', async () => {
    const { root, engine, original } = await demo();
    writeModule(root, 'text_utils', original + BROKEN_TAIL);
    const unchecked = engine.rollback.createCheckpoint('text_utils');
    writeModule(root, 'text_utils', original);
    expect(unchecked.typeCheck).toBeUndefined();

    await expect(engine.rollback.rollbackToVersion(unchecked.versionId)).rejects.toMatchObject({ code: 'TYPE_ERRORS' });
    expect(readModule(root, 'text_utils')).toBe(original);

    const restored = await engine.rollback.rollbackToVersion(unchecked.versionId, undefined, { allowTypeErrors: true });
    expect(restored.typeCheck?.errors).toHaveLength(1);
    expect(engine.versions.require(restored.versionId).typeCheck).toEqual({ state: 'overridden', errors: 1 });
    expect(readModule(root, 'text_utils')).toBe(original + BROKEN_TAIL);
  });

  test("a proposal with a type error is refused with the proposal's own line, and applied with an override the history shows", async () => {
    const { root, engine, original } = await demo();
    const proposals = new ProposalService(engine);
    const code = `// @target text_utils\n${BROKEN_TAIL.trimStart()}`;
    const proposal = proposals.create({ feature: 'Add shout', code });
    proposals.approve(proposal.id, { force: true, by: 'tester' });
    const preview = proposals.preview(proposal.id);

    const refused = await proposals.apply(proposal.id, 'text_utils', 'append', preview.baseHash);
    // The location is the written file's (the panel maps it to the proposal's line); the error list has both.
    const written = `src/text_utils.ts:${lineOf(preview.result, 'const times')}:9`;
    expect(refused).toMatchObject({ outcome: 'refused', steps: [], error: { code: 'TYPE_ERRORS', location: written } });
    expect(refused.typeCheck?.errors).toEqual([
      expect.objectContaining({ file: proposal.id, line: 3, proposal: proposal.id, mergedInto: { file: 'src/text_utils.ts', line: lineOf(preview.result, 'const times') } }),
    ]);
    expect(readModule(root, 'text_utils')).toBe(original);

    const applied = await proposals.apply(proposal.id, 'text_utils', 'append', preview.baseHash, { allowTypeErrors: true, probationMs: 0 });
    expect(applied.outcome).toBe('applied');
    const history = engine.rollback.getVersionHistory('text_utils');
    expect(history[0]).toMatchObject({ versionId: applied.versionId, proposalId: proposal.id, typeCheck: { state: 'overridden', errors: 1 } });
  });
});
