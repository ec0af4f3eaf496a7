import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/open-engine';
import { sha256 } from '../base/sha256';

/**
 * Plain-language lines the panel's console understands, each turned into the session command a
 * terminal user would type. The console shows the command it ran, so people learn the commands.
 */
interface Trigger {
  /** A phrase to show in completions and in the console's help line. */
  readonly example: string;
  readonly pattern: RegExp;
  readonly command: (match: RegExpMatchArray, engine: Engine) => string;
}

const VERSION = 'v_[a-z0-9]+_[0-9a-f]+';

const TRIGGERS: readonly Trigger[] = [
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
    command: (match, engine) => `/rollback ${previousStableVersion(engine, match[1] ?? '')}`,
  },
  {
    example: 'call <module>.<function> [args…]',
    pattern: /^(?:call|run) (\S+\.\S+)(.*)$/i,
    command: (match) => `/call ${match[1]}${match[2] ?? ''}`,
  },
];

/** The command a plain-language line stands for, or null when the line is not one. */
export function translateTrigger(line: string, engine: Engine): string | null {
  const text = line.trim().replace(/\s+/g, ' ');
  if (text.startsWith('/')) return null;
  for (const trigger of TRIGGERS) {
    const match = text.match(trigger.pattern);
    if (match !== null) return trigger.command(match, engine);
  }
  return null;
}

/** Example phrases starting with `prefix` (for completion of a line without a leading /). */
export function triggerExamples(prefix: string): string[] {
  const lower = prefix.toLowerCase();
  return TRIGGERS.map((trigger) => trigger.example).filter((example) => example.startsWith(lower));
}

/**
 * "Roll back X" means: back to the newest stable version whose content differs from the file
 * as it is now (the current version is usually stable too, and restoring it would do nothing).
 */
function previousStableVersion(engine: Engine, module: string): string {
  const id = engine.runtime.workspace.parseModuleId(module);
  const currentHash = sha256(engine.runtime.workspace.readModuleSource(id));
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
