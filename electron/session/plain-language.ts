import { AppError } from '../../shared/errors';
import { sha256 } from '../base/sha256';
import { suggestFor, type Suggestion, type SuggestionContext } from './suggestions';

/**
 * What a line typed without a leading `/` means, decided here for every front end (terminal,
 * `session --json`, the panel's console):
 * - a phrase that names one command with its arguments ("reload tools/echo", "history of x",
 *   "roll back x") runs that command, shown to the person so they learn it; a command that
 *   changes something asks first, as it does when typed;
 * - a request ("apply code changes live", "what changed in x?") is answered with the command that
 *   does it, filled in from the workspace; nothing runs.
 */
export type Meaning =
  | { readonly kind: 'command'; readonly command: string }
  | { readonly kind: 'suggestion'; readonly suggestion: Suggestion };

export type PlainLanguageContext = SuggestionContext;

interface Phrase {
  /** Shown in completions and in the console's help line. */
  readonly example: string;
  readonly pattern: RegExp;
  readonly command: (match: RegExpMatchArray, context: PlainLanguageContext) => string;
}

const VERSION = 'v_[a-z0-9]+_[0-9a-f]+';

const PHRASES: readonly Phrase[] = [
  { example: 'help', pattern: /^(?:help|\?|what can (?:you|i) do\??)$/i, command: () => '/help' },
  { example: 'list modules', pattern: /^(?:(?:list|show)(?: the| all)? )?modules$/i, command: () => '/modules' },
  { example: 'reload <module>', pattern: /^reload (\S+)$/i, command: (match) => `/reload ${match[1]}` },
  { example: 'load <module>', pattern: /^load (\S+)$/i, command: (match) => `/load ${match[1]}` },
  {
    example: 'history of <module>',
    pattern: /^(?:show )?(?:the )?(?:version )?history(?: (?:of|for))?(?: (\S+))?$/i,
    command: (match) => (match[1] === undefined ? '/history' : `/history ${match[1]}`),
  },
  {
    example: 'audit <module>',
    pattern: /^audit(?: code)?(?: (?:of|for))?(?: (\S+))?$/i,
    command: (match) => (match[1] === undefined ? '/audit-code' : `/audit-code ${match[1]}`),
  },
  {
    example: 'checkpoint <module>',
    pattern: /^(?:make a |create a )?checkpoint(?: (?:of|for))? (\S+)(?: (.+))?$/i,
    command: (match) => `/checkpoint ${match[1]}${match[2] === undefined ? '' : ` ${quote(match[2])}`}`,
  },
  {
    example: 'roll back to <versionId>',
    pattern: new RegExp(`^(?:roll ?back|restore|go back)(?: \\S+)? to (?:version )?(${VERSION})$`, 'i'),
    command: (match) => `/rollback ${match[1]}`,
  },
  {
    example: 'roll back <module>',
    pattern: /^(?:roll ?back|undo(?: the last change to)?|restore) (\S+)$/i,
    command: (match, context) => `/rollback ${previousStableVersion(context, match[1] ?? '')}`,
  },
  {
    example: 'turn auto-reload on|off',
    pattern: /^(?:turn |switch )?auto-?reload(?: on save)?(?: (on|off))?$|^(?:turn|switch) (on|off) auto-?reload(?: on save)?$/i,
    command: (match) => {
      const value = (match[1] ?? match[2])?.toLowerCase();
      return value === undefined ? '/auto-reload' : `/auto-reload ${value}`;
    },
  },
  {
    example: 'call <module>.<function> [args…]',
    pattern: /^(?:call|run) (\S+\.\S+)(.*)$/i,
    command: (match) => `/call ${match[1]}${match[2] ?? ''}`,
  },
];

/** The meaning of a plain-language line, or null for a command (`/…`) or a line it does not understand. */
export function interpretPlainLanguage(line: string, context: PlainLanguageContext): Meaning | null {
  const text = line.trim().replace(/\s+/g, ' ');
  if (text === '' || text.startsWith('/')) return null;
  for (const phrase of PHRASES) {
    const match = text.match(phrase.pattern);
    if (match !== null) return { kind: 'command', command: phrase.command(match, context) };
  }
  const suggestion = suggestFor(text, context);
  return suggestion === null ? null : { kind: 'suggestion', suggestion };
}

/** Example phrases starting with `prefix` (completion of a line without a leading /). */
export function plainLanguageExamples(prefix: string): string[] {
  const lower = prefix.toLowerCase();
  return PHRASES.map((phrase) => phrase.example).filter((example) => example.startsWith(lower));
}

/**
 * "Roll back X" means: back to the newest stable version whose content differs from the file
 * as it is now (the current version is usually stable too, and restoring it would do nothing).
 */
function previousStableVersion({ runtime, engine }: PlainLanguageContext, module: string): string {
  const id = runtime.workspace.parseModuleId(module);
  const currentHash = sha256(runtime.workspace.readModuleSource(id));
  const target = engine.versions.lastStableOtherThan(id, currentHash);
  if (target === null) {
    throw new AppError('USAGE', `${id} has no earlier stable version to roll back to.`, {
      hint: `See its versions with: history of ${id}`,
    });
  }
  return target.versionId;
}

function quote(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}
