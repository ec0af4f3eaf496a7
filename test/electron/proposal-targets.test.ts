import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { composeFile } from '../../electron/proposals/compose';
import { splitSections } from '../../electron/proposals/sections';
import { suggestTargets, type ModuleFacts } from '../../electron/proposals/target-selection';

const modules: ModuleFacts[] = [
  { id: 'conversation' as ModuleId, exports: ['respond', 'history', 'health'] },
  { id: 'knowledge_engine' as ModuleId, exports: ['KnowledgeEngine', 'add_fact', 'search', 'count_facts', 'health'] },
  { id: 'reasoning' as ModuleId, exports: ['answer', 'compose_answer'] },
  { id: 'text_utils' as ModuleId, exports: ['normalize', 'keywords', 'similarity'] },
];

describe('target selection', () => {
  test('an annotation wins', () => {
    const code = '// @target reasoning\nexport const x = count_facts();\n';
    expect(suggestTargets(code, 'knowledge_engine feature', modules)).toEqual([
      { module: 'reasoning', reason: 'annotation', detail: '// @target reasoning' },
    ]);
  });

  test('else the module whose exports the code uses most (not one it imports)', () => {
    const code = "import { normalize } from './text_utils';\nexport function fact_words(): string[] {\n  return search('x').map((f) => normalize(f.text)).concat(String(count_facts()));\n}\n";
    expect(suggestTargets(code, 'whatever', modules)).toEqual([{ module: 'knowledge_engine', reason: 'references', detail: 'uses count_facts, search' }]);
  });

  test("names the code declares itself, or mentions in strings and comments, don't count", () => {
    const code = "// calls answer() later\nexport function answer(): string {\n  return 'answer';\n}\n";
    expect(suggestTargets(code, 'x', modules)[0]?.reason).toBe('default');
  });

  test('else a module named in the feature text, also with spaces', () => {
    expect(suggestTargets('export const a = 1;', 'Make the Text Utils smarter', modules)[0]).toMatchObject({ module: 'text_utils', reason: 'feature text' });
    expect(suggestTargets('export const a = 1;', 'tweak reasoning', modules)[0]).toMatchObject({ module: 'reasoning', reason: 'feature text' });
  });

  test('else knowledge_engine', () => {
    expect(suggestTargets("export function ke_status() { return 'ok'; }", "Add helper function ke_status() returning 'ok'", modules)).toEqual([
      expect.objectContaining({ module: 'knowledge_engine', reason: 'default' }),
    ]);
  });
});

describe('sections and composition', () => {
  test('code splits at // @target lines; text before the first goes with it; repeated targets join; each line keeps its proposal line', () => {
    const code = 'const shared = 1;\n// @target a\nexport const x = 1;\n// @target b\nexport const y = 2;\n//   @target a  \nexport const z = 3;\n';
    expect(splitSections(code)).toEqual([
      { module: 'b', code: 'export const y = 2;\n', lines: [5] },
      { module: 'a', code: 'const shared = 1;\nexport const x = 1;\nexport const z = 3;\n', lines: [1, 3, 7] },
    ]);
    expect(splitSections('\n\nexport const q = 1;')).toEqual([{ module: null, code: 'export const q = 1;\n', lines: [3] }]);
  });

  test('append keeps the file byte for byte and adds a one-line separator', () => {
    const id = 'proposal_0123456789' as never;
    expect(composeFile('a\nb', 'c', 'append', id, 'Feature\nsecond line */')).toBe(`a\nb\n\n// ---- proposal_0123456789: Feature ----\nc\n`);
    expect(composeFile('a\n', 'c\n', 'replace', id, 'F')).toBe('c\n');
  });
});
