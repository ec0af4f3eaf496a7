/**
 * Dialogue: works out what a message wants (teach, greet, ask) and keeps the history.
 * The history is handed over through `hot.data`, so a swap does not interrupt the conversation.
 */
import { add_fact, count_facts } from './knowledge_engine';
import { answer } from './reasoning';

export type Role = 'user' | 'agent';

export interface Turn {
  role: Role;
  text: string;
}

export type Intent =
  | { kind: 'learn'; text: string; tags: string[] }
  | { kind: 'greet' }
  | { kind: 'help' }
  | { kind: 'ask'; question: string };

/** What a conversation needs from the rest of the agent (a test can pass its own). */
export interface Brain {
  learn(text: string, tags: string[]): { id: number; text: string };
  answer(question: string): string;
  count(): number;
}

/** Oldest turns are dropped beyond this many. */
export const MAX_TURNS = 200;

const LEARN = /^(?:please\s+)?(?:remember|learn)(?:\s+that)?[\s:,]+(.+)$/is;
const GREETING = /^(?:hi|hello|hey|good (?:morning|afternoon|evening))\b/i;
const TAG = /#([\p{L}\p{N}_-]+)/gu;
const HELP = 'Teach me with "remember <fact>" (add #tags if you like), or ask me a question.';

/** Classifies a message. Pure: it neither learns nor answers anything. */
export function parse_message(message: string): Intent {
  const trimmed = message.trim();
  if (trimmed === '' || /^(?:help|\?)$/i.test(trimmed)) return { kind: 'help' };
  const learn = LEARN.exec(trimmed);
  if (learn?.[1] !== undefined) {
    const body = learn[1];
    const tags = [...body.matchAll(TAG)].map((match) => match[1] ?? '').filter((tag) => tag !== '');
    const text = body.replace(TAG, '').replace(/\s+/g, ' ').trim();
    return text === '' ? { kind: 'help' } : { kind: 'learn', text, tags };
  }
  if (GREETING.test(trimmed) && !trimmed.includes('?')) return { kind: 'greet' };
  return { kind: 'ask', question: trimmed };
}

export class Conversation {
  private readonly brain: Brain;
  private readonly turns: Turn[];
  private exchanges: number;

  /** `turns` is kept by reference, so the module can hand the same array to its next version. */
  constructor(brain: Brain, turns: Turn[] = [], exchanges = 0) {
    this.brain = brain;
    this.turns = turns;
    this.exchanges = exchanges;
  }

  respond(message: string): string {
    const reply = this.reply(parse_message(message));
    this.turns.push({ role: 'user', text: message }, { role: 'agent', text: reply });
    if (this.turns.length > MAX_TURNS) this.turns.splice(0, this.turns.length - MAX_TURNS);
    this.exchanges += 1;
    return reply;
  }

  /** The recent turns, oldest first (copies). */
  history(): Turn[] {
    return this.turns.map((turn) => ({ ...turn }));
  }

  /** Messages answered since the agent started (not capped like the history). */
  exchangeCount(): number {
    return this.exchanges;
  }

  private reply(intent: Intent): string {
    switch (intent.kind) {
      case 'learn': {
        const fact = this.brain.learn(intent.text, intent.tags);
        return `Noted (fact #${String(fact.id)}): ${fact.text}`;
      }
      case 'greet': {
        const count = this.brain.count();
        return `Hello! I'm Saraphina. I know ${String(count)} ${count === 1 ? 'fact' : 'facts'}. ${HELP}`;
      }
      case 'help':
        return HELP;
      case 'ask':
        return this.brain.answer(intent.question);
      default:
        throw new Error(`Unhandled intent: ${JSON.stringify(intent satisfies never)}`);
    }
  }
}

// Call through the imports inside arrow functions: a function value captured once would keep
// calling the version of knowledge_engine/reasoning that was current at that moment.
const liveBrain: Brain = {
  learn: (text, tags) => add_fact(text, tags),
  answer: (question) => answer(question),
  count: () => count_facts(),
};

const turns: Turn[] = Array.isArray(hot.data.history) ? (hot.data.history as Turn[]) : [];
const conversation = new Conversation(
  liveBrain,
  turns,
  typeof hot.data.exchanges === 'number' ? hot.data.exchanges : 0,
);
hot.dispose((data) => {
  data.history = turns;
  data.exchanges = conversation.exchangeCount();
});

export function respond(message: string): string {
  return conversation.respond(message);
}

export function history(): Turn[] {
  return conversation.history();
}

export function exchange_count(): number {
  return conversation.exchangeCount();
}
