/**
 * Plain-text helpers the other modules share. No state and no imports, so a new version can be
 * swapped in at any time.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to too was we were what ' +
    'when where which who whom why will with would you your about tell know'
  ).split(' '),
);

/** Lower case, accents and punctuation removed, whitespace collapsed: "Café, OK?" → "cafe ok". */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a text, normalised, in order (duplicates kept). */
export function tokenize(text: string): string[] {
  const normalized = normalize(text);
  return normalized === '' ? [] : normalized.split(' ');
}

/** A light stemmer: folds simple plurals ("facts" → "fact", "stories" → "story"). */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The distinct content words of a text (stop words dropped, stemmed), in first-seen order. */
export function keywords(text: string): string[] {
  const words = tokenize(text).filter((word) => !STOPWORDS.has(word));
  return [...new Set(words.map(stem))];
}

/**
 * Jaccard similarity of the two texts' keywords, from 0 (nothing shared) to 1 (same words).
 * Texts made only of stop words are compared on all their words.
 */
export function similarity(a: string, b: string): number {
  let left = keywords(a);
  let right = keywords(b);
  if (left.length === 0 && right.length === 0) {
    left = tokenize(a);
    right = tokenize(b);
    if (left.length === 0 && right.length === 0) return 1;
  }
  const rightSet = new Set(right);
  const leftSet = new Set(left);
  let shared = 0;
  for (const word of leftSet) if (rightSet.has(word)) shared += 1;
  return shared / (leftSet.size + rightSet.size - shared);
}

/** The share of the query's keywords that occur in `words` (0 when the query has none). */
export function coverage(query: string, words: Iterable<string>): number {
  const wanted = keywords(query);
  if (wanted.length === 0) return 0;
  const have = new Set(words);
  return wanted.filter((word) => have.has(word)).length / wanted.length;
}
