/**
 * The agent's memory: facts it has been taught, searchable by meaning-ish word overlap.
 * Facts are plain, JSON-serialisable data handed over through `hot.data`, so the agent keeps
 * what it learned when this module is swapped for a new version.
 */
import { coverage, keywords, normalize, similarity } from './text_utils';

export interface Fact {
  id: number;
  text: string;
  tags: string[];
  /** ISO 8601 time the fact was first added. */
  createdAt: string;
}

export const MAX_FACT_LENGTH = 1000;
const DEFAULT_LIMIT = 5;

export class KnowledgeEngine {
  private readonly facts: Fact[];

  /** `facts` is kept by reference (not copied), so a caller can hand the same array on. */
  constructor(facts: Fact[] = []) {
    this.facts = facts;
  }

  /** Adds a fact; teaching the same text again merges the tags into the existing fact. */
  add(text: string, tags: readonly string[] = []): Fact {
    const cleanText = validateText(text);
    const cleanTags = validateTags(tags);
    const key = normalize(cleanText);
    const existing = this.facts.find((fact) => normalize(fact.text) === key);
    if (existing !== undefined) {
      for (const tag of cleanTags) if (!existing.tags.includes(tag)) existing.tags.push(tag);
      return copy(existing);
    }
    const last = this.facts.at(-1);
    const fact: Fact = {
      id: last === undefined ? 1 : last.id + 1,
      text: cleanText,
      tags: cleanTags,
      createdAt: new Date().toISOString(),
    };
    this.facts.push(fact);
    return copy(fact);
  }

  /**
   * Facts that share words with the query, best first: mostly by how many of the query's
   * keywords a fact (text or tags) contains, then by overall similarity, then newest first.
   */
  search(query: string, limit: number = DEFAULT_LIMIT): Fact[] {
    if (typeof query !== 'string') throw new TypeError('search needs a query string.');
    if (keywords(query).length === 0) return [];
    const scored: { fact: Fact; score: number }[] = [];
    for (const fact of this.facts) {
      const words = [...keywords(fact.text), ...fact.tags.flatMap((tag) => keywords(tag))];
      const covered = coverage(query, words);
      if (covered === 0) continue;
      scored.push({ fact, score: covered + similarity(query, fact.text) / 2 });
    }
    scored.sort((a, b) => b.score - a.score || b.fact.id - a.fact.id);
    return scored.slice(0, Math.max(0, limit)).map(({ fact }) => copy(fact));
  }

  count(): number {
    return this.facts.length;
  }

  /** Every fact, oldest first (copies: changing them does not change what is known). */
  all(): Fact[] {
    return this.facts.map(copy);
  }

  /** Throws when the stored facts break an invariant (a bad hand-over from an older version). */
  health(): void {
    let previousId = 0;
    const seen = new Set<string>();
    for (const fact of this.facts) {
      const where = `knowledge_engine: fact #${String(fact.id)}`;
      if (!Number.isInteger(fact.id) || fact.id <= previousId) throw new Error(`${where} is out of id order.`);
      if (typeof fact.text !== 'string' || fact.text.trim() === '') throw new Error(`${where} has no text.`);
      if (!Array.isArray(fact.tags) || fact.tags.some((tag) => typeof tag !== 'string' || tag === '')) {
        throw new Error(`${where} has invalid tags.`);
      }
      if (Number.isNaN(Date.parse(fact.createdAt))) throw new Error(`${where} has an invalid createdAt.`);
      const key = normalize(fact.text);
      if (seen.has(key)) throw new Error(`${where} duplicates an earlier fact.`);
      seen.add(key);
      previousId = fact.id;
    }
  }
}

function validateText(text: unknown): string {
  if (typeof text !== 'string') throw new TypeError('A fact must be a string.');
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new Error('A fact cannot be empty.');
  if (trimmed.length > MAX_FACT_LENGTH) {
    throw new Error(`A fact can be at most ${String(MAX_FACT_LENGTH)} characters (got ${String(trimmed.length)}).`);
  }
  return trimmed;
}

/** Tags are normalised ("Solar System" → "solar-system") and de-duplicated. */
function validateTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new TypeError('Tags must be an array of strings.');
  const clean: string[] = [];
  for (const tag of tags as unknown[]) {
    if (typeof tag !== 'string') throw new TypeError('Tags must be an array of strings.');
    const normalized = normalize(tag).replace(/ /g, '-');
    if (normalized !== '' && !clean.includes(normalized)) clean.push(normalized);
  }
  return clean;
}

function copy(fact: Fact): Fact {
  return { ...fact, tags: [...fact.tags] };
}

// The shared engine behind the functions below. Its facts survive a swap of this module.
const facts: Fact[] = Array.isArray(hot.data.facts) ? (hot.data.facts as Fact[]) : [];
const engine = new KnowledgeEngine(facts);
hot.dispose((data) => {
  data.facts = facts;
});

export function add_fact(text: string, tags: string[] = []): Fact {
  return engine.add(text, tags);
}

export function search(query: string): Fact[] {
  return engine.search(query);
}

export function count_facts(): number {
  return engine.count();
}

export function health(): void {
  engine.health();
}
