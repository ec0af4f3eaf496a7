import assert from 'node:assert/strict';
import type * as Module from './knowledge_engine';

export default function smoke(m: typeof Module): void {
  const engine = new m.KnowledgeEngine();
  assert.equal(engine.count(), 0);
  assert.deepEqual(engine.search('anything'), []);

  const paris = engine.add('  Paris is the capital of  France ', ['Geography', 'europe', 'geography']);
  assert.equal(paris.id, 1);
  assert.equal(paris.text, 'Paris is the capital of France');
  assert.deepEqual(paris.tags, ['geography', 'europe']);
  assert.ok(!Number.isNaN(Date.parse(paris.createdAt)));
  assert.deepEqual(JSON.parse(JSON.stringify(paris)), paris);

  const berlin = engine.add('Berlin is the capital of Germany');
  engine.add('Cats sleep most of the day', ['animals']);
  assert.equal(berlin.id, 2);
  assert.equal(engine.count(), 3);

  // Teaching the same text again merges tags instead of adding a duplicate.
  const again = engine.add('paris is the capital of france!', ['city']);
  assert.equal(again.id, 1);
  assert.deepEqual(again.tags, ['geography', 'europe', 'city']);
  assert.equal(engine.count(), 3);

  // Ranked by relevance: the fact covering more of the query comes first.
  assert.deepEqual(
    engine.search('What is the capital of France?').map((fact) => fact.id),
    [1, 2],
  );
  assert.deepEqual(
    engine.search('capital').map((fact) => fact.id),
    [2, 1],
    'equal relevance: newest first',
  );
  assert.deepEqual(
    engine.search('tell me about animals').map((fact) => fact.text),
    ['Cats sleep most of the day'],
    'tags match too',
  );
  assert.deepEqual(engine.search('quantum chromodynamics'), []);
  assert.deepEqual(engine.search('what is it?'), [], 'stop words alone match nothing');
  assert.equal(engine.search('capital', 1).length, 1);

  // Results and all() are copies: changing them does not change what is known.
  const all = engine.all();
  assert.deepEqual(
    all.map((fact) => fact.id),
    [1, 2, 3],
  );
  const first = all[0];
  assert.ok(first !== undefined);
  first.text = '';
  first.tags.push('changed');
  engine.health();
  assert.equal(engine.all()[0]?.text, 'Paris is the capital of France');

  assert.throws(() => engine.add('   '), /cannot be empty/);
  assert.throws(() => engine.add('x'.repeat(m.MAX_FACT_LENGTH + 1)), /at most/);
  assert.throws(() => engine.add('fine', [42 as unknown as string]), TypeError);
  assert.equal(engine.count(), 3);

  // health() notices broken invariants in handed-over data.
  const broken = new m.KnowledgeEngine([
    { id: 2, text: 'b', tags: [], createdAt: new Date(0).toISOString() },
    { id: 1, text: 'a', tags: [], createdAt: new Date(0).toISOString() },
  ]);
  assert.throws(() => broken.health(), /out of id order/);
  const duplicated = new m.KnowledgeEngine([
    { id: 1, text: 'Cats purr', tags: [], createdAt: new Date(0).toISOString() },
    { id: 2, text: 'cats purr!', tags: [], createdAt: new Date(0).toISOString() },
  ]);
  assert.throws(() => duplicated.health(), /duplicates/);
  const undated = new m.KnowledgeEngine([{ id: 1, text: 'a', tags: [], createdAt: 'yesterday' }]);
  assert.throws(() => undated.health(), /createdAt/);
  const continued = new m.KnowledgeEngine([{ id: 7, text: 'seven', tags: [], createdAt: new Date(0).toISOString() }]);
  assert.equal(continued.add('eight').id, 8);

  // The shared engine: read-only checks, so the running agent's memory is left alone.
  assert.equal(typeof m.count_facts(), 'number');
  assert.ok(Array.isArray(m.search('capital')));
  m.health();
  assert.throws(() => m.add_fact(''), /cannot be empty/);
}
