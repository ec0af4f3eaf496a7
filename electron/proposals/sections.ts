import { TARGET_ANNOTATION } from '../../shared/proposals';

/** A part of a proposal's code meant for one module. */
export interface CodeSection {
  /** From a `// @target <module>` line; null when the code has no annotation. */
  readonly module: string | null;
  /** The code to write, without its annotation line. */
  readonly code: string;
  /** The proposal's own line (1-based) of each line of `code`, so errors point into the proposal. */
  readonly lines: readonly number[];
}

/** A line of the proposal with its 1-based number. */
interface Line {
  readonly text: string;
  readonly number: number;
}

/**
 * Splits proposal code at `// @target <module>` lines. Code before the first annotation belongs
 * to the first section; two sections for the same module are joined. Code without annotations
 * is one section with no module (the target is then suggested or chosen).
 */
export function splitSections(code: string): CodeSection[] {
  const lines = code.split('\n').map((text, index): Line => ({ text, number: index + 1 }));
  const sections: { module: string | null; lines: Line[] }[] = [];
  let preamble: Line[] = [];
  for (const line of lines) {
    const match = TARGET_ANNOTATION.exec(line.text.replace(/\r$/, ''));
    if (match !== null) {
      const module = match[1] as string;
      const existing = sections.find((section) => section.module === module);
      if (existing === undefined) sections.push({ module, lines: sections.length === 0 ? preamble : [] });
      else sections.push(sections.splice(sections.indexOf(existing), 1)[0] as (typeof sections)[number]);
      preamble = [];
      continue;
    }
    const current = sections.at(-1);
    if (current === undefined) preamble.push(line);
    else current.lines.push(line);
  }
  if (sections.length === 0) return [{ module: null, ...tidy(preamble) }];
  return sections.map((section) => ({ module: section.module, ...tidy(section.lines) }));
}

/** Module names the code's annotations give, in order. */
export function annotatedModules(code: string): string[] {
  return splitSections(code)
    .map((section) => section.module)
    .filter((module): module is string => module !== null);
}

/** Lines joined, blank lines at either end dropped, ending with exactly one newline. */
function tidy(lines: readonly Line[]): { code: string; lines: number[] } {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as Line).text.trim() === '') start += 1;
  while (end > start && (lines[end - 1] as Line).text.trim() === '') end -= 1;
  const kept = lines.slice(start, end);
  const body = kept.map((line) => line.text).join('\n');
  return { code: body === '' ? '' : `${body}\n`, lines: kept.map((line) => line.number) };
}
