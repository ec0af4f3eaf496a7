import type { ModuleId } from '../../shared/ids';
import type { TargetSuggestion } from '../../shared/proposals';
import { splitSections } from './sections';

export const DEFAULT_TARGET = 'knowledge_engine';

/** What target selection needs to know about a workspace module. */
export interface ModuleFacts {
  readonly id: ModuleId;
  /** Names the module exports (from the running version). */
  readonly exports: readonly string[];
}

/**
 * Where proposal code should go, and why: the code's `// @target` annotations; else the
 * workspace module whose exports (or whose name) the code uses most (not one it imports: that
 * is a dependency); else a module named in the
 * feature text; else knowledge_engine. Pure, so the panel can show the same reasoning.
 */
export function suggestTargets(code: string, feature: string, modules: readonly ModuleFacts[]): TargetSuggestion[] {
  const annotated = splitSections(code).flatMap((section) => (section.module === null ? [] : [section.module]));
  if (annotated.length > 0) {
    return annotated.map((module) => ({ module: module as ModuleId, reason: 'annotation', detail: `// @target ${module}` }));
  }
  const referenced = byReferences(code, modules);
  if (referenced !== null) return [referenced];
  const named = namedIn(feature, modules);
  if (named !== null) return [{ module: named, reason: 'feature text', detail: `the feature names ${named}` }];
  const fallback = modules.find((module) => module.id === DEFAULT_TARGET)?.id ?? modules[0]?.id ?? (DEFAULT_TARGET as ModuleId);
  return [{ module: fallback, reason: 'default', detail: 'nothing in the code or the feature text points elsewhere' }];
}

function byReferences(code: string, modules: readonly ModuleFacts[]): TargetSuggestion | null {
  const withoutComments = stripComments(code);
  const declared = declaredNames(withoutComments);
  const used = new Set(identifiers(withoutComments));
  // A module the code imports is a dependency of its target, never the target (no self-import).
  const imported = new Set(importsOf(withoutComments));
  let best: { module: ModuleId; names: string[] } | null = null;
  for (const module of modules) {
    if (imported.has(module.id)) continue;
    const names = new Set<string>();
    if (used.has(module.id)) names.add(module.id);
    for (const name of module.exports) {
      if (name !== 'default' && used.has(name) && !declared.has(name)) names.add(name);
    }
    if (names.size > (best?.names.length ?? 0)) best = { module: module.id, names: [...names].sort() };
  }
  if (best === null) return null;
  return { module: best.module, reason: 'references', detail: `uses ${best.names.join(', ')}` };
}

/** A module id in the feature text, also written with spaces or hyphens ("knowledge engine"). */
function namedIn(feature: string, modules: readonly ModuleFacts[]): ModuleId | null {
  const text = ` ${feature.toLowerCase().replace(/[^a-z0-9_]+/g, ' ')} `;
  let best: { id: ModuleId; at: number } | null = null;
  for (const module of modules) {
    const spaced = module.id.toLowerCase().replace(/[_-]+/g, ' ');
    const at = Math.min(...[module.id.toLowerCase(), spaced].map((form) => indexOrInfinity(text, ` ${form} `)));
    if (at !== Infinity && (best === null || at < best.at)) best = { id: module.id, at };
  }
  return best?.id ?? null;
}

function indexOrInfinity(text: string, part: string): number {
  const at = text.indexOf(part);
  return at < 0 ? Infinity : at;
}

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function identifiers(code: string): string[] {
  const withoutStrings = code.replace(/(['"])(?:\\.|(?!\1)[^\\\n])*\1/g, '""');
  return withoutStrings.match(/[A-Za-z_$][\w$]*/g) ?? [];
}

function declaredNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const match of code.matchAll(/\b(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)) {
    names.add(match[1] as string);
  }
  return names;
}

/** Workspace modules the code imports (`from './x'`, `require('./x')`). */
export function importsOf(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/(?:from|require\(|import\()\s*['"]\.\/([A-Za-z_][\w-]*)(?:\.ts)?['"]/g)) {
    found.push(match[1] as string);
  }
  return found;
}
