/**
 * Turns what the agent knows into an answer. `compose_answer` is pure (it only looks at the
 * facts it is given); `answer` and `explain` search the shared knowledge first.
 */
import { search, type Fact } from './knowledge_engine';
import { keywords, similarity } from './text_utils';

export interface Answer {
  text: string;
  /** Ids of the facts the answer used, most relevant first. */
  sources: number[];
}

/** Facts this similar to one already in an answer add nothing and are left out. */
const NEAR_DUPLICATE = 0.8;
const MAX_RELATED = 2;

export const UNKNOWN_PREFIX = "I don't know anything about that yet";

/** Builds an answer to `question` from facts already ranked by relevance (best first). */
export function compose_answer(question: string, facts: readonly Fact[]): Answer {
  if (keywords(question).length === 0) {
    return { text: 'Ask me about something specific, for example "what is the capital of France?"', sources: [] };
  }
  const [best, ...rest] = facts;
  if (best === undefined) {
    return { text: `${UNKNOWN_PREFIX}. Teach me with "remember …".`, sources: [] };
  }
  const used: Fact[] = [best];
  for (const fact of rest) {
    if (used.length > MAX_RELATED) break;
    if (used.every((chosen) => similarity(chosen.text, fact.text) < NEAR_DUPLICATE)) used.push(fact);
  }
  const [, ...related] = used;
  const text =
    `From what I know: ${asSentence(best.text)}` +
    (related.length === 0 ? '' : ` Related: ${related.map((fact) => asSentence(fact.text)).join(' ')}`);
  return { text, sources: used.map((fact) => fact.id) };
}

/** The answer with the ids of the facts behind it (what the panel shows as sources). */
export function explain(question: string): Answer {
  return compose_answer(question, search(question));
}

/** A plain-text answer; says so plainly when nothing relevant is known. */
export function answer(question: string): string {
  return explain(question).text;
}

function asSentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
