import { AppError } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';

/**
 * The one id among `ids` that equals `typed` or ends with `/typed` (`knowledge_engine` for
 * `agent/knowledge_engine`); null when none does. Several matches are refused with the candidates
 * listed, so a short name never silently picks the wrong module.
 */
export function matchSuffix(typed: string, ids: Iterable<ModuleId>): ModuleId | null {
  const matches = [...new Set(ids)].filter((id) => id === typed || id.endsWith(`/${typed}`)).sort();
  if (matches.length <= 1) return matches[0] ?? null;
  throw new AppError('AMBIGUOUS_ID', `"${typed}" matches ${matches.length} modules: ${matches.join(', ')}.`, {
    hint: `Give more of the path, e.g. ${matches[0]}.`,
  });
}
