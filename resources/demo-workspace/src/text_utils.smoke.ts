import assert from 'node:assert/strict';
import type * as Module from './text_utils';

export default function smoke(m: typeof Module): void {
  assert.equal(m.normalize('  Café, déjà-vu!  It’s OK? '), 'cafe deja vu its ok');
  assert.equal(m.normalize('...'), '');

  assert.deepEqual(m.tokenize('The cat, the CAT.'), ['the', 'cat', 'the', 'cat']);
  assert.deepEqual(m.tokenize('  '), []);

  assert.equal(m.stem('facts'), 'fact');
  assert.equal(m.stem('stories'), 'story');
  assert.equal(m.stem('paris'), 'paris');
  assert.equal(m.stem('glass'), 'glass');

  assert.deepEqual(m.keywords('What is the capital of France? The capitals!'), ['capital', 'france']);

  assert.equal(m.similarity('cats like fish', 'Cats like fish.'), 1);
  assert.equal(m.similarity('cats like fish', 'dogs chase cars'), 0);
  assert.equal(m.similarity('cats like fish', 'cats like milk'), 0.5);
  assert.equal(m.similarity('', ''), 1);
  assert.equal(m.similarity('it is', 'is it'), 1);

  assert.equal(m.coverage('capital of France', ['france', 'capital', 'paris']), 1);
  assert.equal(m.coverage('capital of France', ['paris', 'france']), 0.5);
  assert.equal(m.coverage('what is it', ['anything']), 0);
}
