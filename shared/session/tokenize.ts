import { AppError } from '../errors';

/**
 * Splits a command line into words the way a shell would for simple cases: whitespace separates,
 * "double" and 'single' quotes group, a backslash escapes the next character inside double
 * quotes and outside quotes.
 */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) word += line[++index];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < line.length) {
      word += line[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) {
    throw new AppError('USAGE', `Unclosed ${quote} quote.`, { hint: 'Close the quote or escape it with \\.' });
  }
  if (inWord) words.push(word);
  return words;
}

export interface ParsedCommand {
  readonly name: string;
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

/** `/name a b --flag value --switch` → name, positionals and flags (`--x=y` works too). */
export function parseCommand(line: string, booleanFlags: readonly string[] = []): ParsedCommand {
  const [head = '', ...rest] = tokenize(line.trim());
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let index = 0; index < rest.length; index += 1) {
    const word = rest[index] as string;
    if (!word.startsWith('--') || word === '--') {
      positionals.push(word);
      continue;
    }
    const [key = '', inline] = splitOnce(word.slice(2), '=');
    if (inline !== undefined) flags[key] = inline;
    else if (booleanFlags.includes(key) || index + 1 >= rest.length || (rest[index + 1] as string).startsWith('--')) {
      flags[key] = true;
    } else flags[key] = rest[++index] as string;
  }
  return { name: head.replace(/^\//, ''), positionals, flags };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** A /call argument: JSON when it parses as JSON, else the word itself as a string. */
export function parseArgument(word: string): unknown {
  try {
    return JSON.parse(word) as unknown;
  } catch {
    return word;
  }
}
