import type { WriteMode } from '../../../../shared/proposals';

export interface CodeLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const LOCATION = /([\w.-]+\.ts):(\d+):(\d+)/g;

/** Every `file.ts:line:column` in a message, in order. */
export function locationsIn(text: string): CodeLocation[] {
  return [...text.matchAll(LOCATION)].map((match) => ({ file: match[1] ?? '', line: Number(match[2]), column: Number(match[3]) }));
}

/**
 * The proposal's own line for a line of the file Apply (or the sandbox) wrote, or null when the
 * line is not the proposal's. Append writes the file as it was, a blank line and a separator
 * comment, then the code (the rule of electron/proposals/compose.ts); Replace writes the code.
 */
export function proposalLineOf(location: CodeLocation, code: string, mode: WriteMode, original: string | null): number | null {
  const codeLines = code.split('\n').length - (code.endsWith('\n') ? 1 : 0);
  let line = location.line;
  if (mode === 'append') {
    if (original === null) return null;
    const head = original === '' || original.endsWith('\n') ? original : `${original}\n`;
    line -= (head.match(/\n/g)?.length ?? 0) + 2;
  }
  return line >= 1 && line <= codeLines ? line : null;
}
