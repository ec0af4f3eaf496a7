import assert from 'node:assert/strict';
import type { Fact } from './knowledge_engine';
import type * as Module from './reasoning';

function fact(id: number, text: string): Fact {
  return { id, text, tags: [], createdAt: new Date(0).toISOString() };
}

export default function smoke(m: typeof Module): void {
  const paris = fact(1, 'paris is the capital of France');
  const lyon = fact(2, 'Lyon is known for its food.');
  const parisAgain = fact(3, 'Paris is the capital of France!');

  const best = m.compose_answer('What is the capital of France?', [paris]);
  assert.equal(best.text, 'From what I know: Paris is the capital of France.');
  assert.deepEqual(best.sources, [1]);

  const related = m.compose_answer('France', [paris, parisAgain, lyon]);
  assert.equal(related.text, 'From what I know: Paris is the capital of France. Related: Lyon is known for its food.');
  assert.deepEqual(related.sources, [1, 2], 'near-duplicates are left out');

  const unknown = m.compose_answer('Who painted the Mona Lisa?', []);
  assert.ok(unknown.text.startsWith(m.UNKNOWN_PREFIX));
  assert.deepEqual(unknown.sources, []);

  const vague = m.compose_answer('what is it?', [paris]);
  assert.match(vague.text, /something specific/);
  assert.deepEqual(vague.sources, []);

  // answer/explain read the shared knowledge (read-only); an unheard-of word is unknown.
  assert.ok(m.answer('qqzzxv wwvvkk?').startsWith(m.UNKNOWN_PREFIX));
  const explained = m.explain('qqzzxv wwvvkk?');
  assert.ok(explained.text.startsWith(m.UNKNOWN_PREFIX));
  assert.deepEqual(explained.sources, []);
}
