import { TARGET_ANNOTATION } from '../../shared/proposals';

/** A part of a proposal's code meant for one module. */
export interface CodeSection {
  /** From a `// @target <module>` line; null when the code has no annotation. */
  readonly module: string | null;
  /** The code to write, without its annotation line. */
  readonly code: string;
}

/**
 * Splits proposal code at `// @target <module>` lines. Code before the first annotation belongs
 * to the first section; two sections for the same module are joined. Code without annotations
 * is one section with no module (the target is then suggested or chosen).
 */
export function splitSections(code: string): CodeSection[] {
  const lines = code.split('\n');
  const sections: { module: string | null; lines: string[] }[] = [];
  let preamble: string[] = [];
  for (const line of lines) {
    const match = TARGET_ANNOTATION.exec(line.replace(/\r$/, ''));
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
  if (sections.length === 0) return [{ module: null, code: tidy(preamble) }];
  return sections.map((section) => ({ module: section.module, code: tidy(section.lines) }));
}

/** Module names the code's annotations give, in order. */
export function annotatedModules(code: string): string[] {
  return splitSections(code)
    .map((section) => section.module)
    .filter((module): module is string => module !== null);
}

/** Lines joined, blank lines at either end dropped, ending with exactly one newline. */
function tidy(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as string).trim() === '') start += 1;
  while (end > start && (lines[end - 1] as string).trim() === '') end -= 1;
  const body = lines.slice(start, end).join('\n');
  return body === '' ? '' : `${body}\n`;
}
