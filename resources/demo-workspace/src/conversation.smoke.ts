import assert from 'node:assert/strict';
import type * as Module from './conversation';

export default function smoke(m: typeof Module): void {
  assert.deepEqual(m.parse_message('remember the sky is blue #weather #Colours'), {
    kind: 'learn',
    text: 'the sky is blue',
    tags: ['weather', 'Colours'],
  });
  assert.deepEqual(m.parse_message('Please learn that: water boils at 100 C'), {
    kind: 'learn',
    text: 'water boils at 100 C',
    tags: [],
  });
  assert.deepEqual(m.parse_message('remember #only-tags'), { kind: 'help' });
  assert.deepEqual(m.parse_message('   '), { kind: 'help' });
  assert.deepEqual(m.parse_message('Hello there'), { kind: 'greet' });
  assert.deepEqual(m.parse_message(' Why is the sky blue? '), { kind: 'ask', question: 'Why is the sky blue?' });
  assert.deepEqual(m.parse_message('remembering things'), { kind: 'ask', question: 'remembering things' });

  // A fresh conversation with a brain of its own, so the running agent learns nothing here.
  const learned: string[] = [];
  const brain: Module.Brain = {
    learn: (text) => {
      learned.push(text);
      return { id: learned.length, text };
    },
    answer: (question) => `answer to ${question}`,
    count: () => learned.length,
  };
  const conversation = new m.Conversation(brain);
  assert.equal(conversation.respond('remember cats purr'), 'Noted (fact #1): cats purr');
  assert.deepEqual(learned, ['cats purr']);
  assert.equal(conversation.respond('do cats purr?'), 'answer to do cats purr?');
  assert.match(conversation.respond('hi'), /I know 1 fact\./);
  assert.match(conversation.respond('help'), /remember <fact>/);
  assert.equal(conversation.exchangeCount(), 4);
  const turns = conversation.history();
  assert.equal(turns.length, 8);
  assert.deepEqual(turns[0], { role: 'user', text: 'remember cats purr' });
  assert.deepEqual(turns[1], { role: 'agent', text: 'Noted (fact #1): cats purr' });

  // The history is capped; the exchange count is not.
  const capped = new m.Conversation(brain);
  for (let index = 0; index < m.MAX_TURNS; index += 1) capped.respond(`question ${String(index)}?`);
  assert.equal(capped.history().length, m.MAX_TURNS);
  assert.equal(capped.history().at(-1)?.text, `answer to question ${String(m.MAX_TURNS - 1)}?`);
  assert.equal(capped.exchangeCount(), m.MAX_TURNS);

  // The shared conversation: read-only checks.
  assert.ok(Array.isArray(m.history()));
  assert.equal(typeof m.exchange_count(), 'number');
  assert.equal(typeof m.respond, 'function');
}
