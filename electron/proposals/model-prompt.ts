import { AppError } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { WriteMode } from '../../shared/proposals';
import type { ChatMessage } from './model-provider';

export interface PromptInput {
  readonly feature: string;
  readonly module: ModuleId;
  readonly mode: WriteMode;
  readonly source: string;
  /** `name (kind)` for each export of the running version. */
  readonly exports: readonly string[];
  readonly dependents: readonly ModuleId[];
}

const SYSTEM = [
  'You write TypeScript for the Saraphina agent runtime. Each module is one file, modules/<id>.ts;',
  'modules import each other as "./<id>" and Node built-ins as "node:<name>"; no npm packages.',
  'A global `hot` keeps state across live reloads (hot.data, hot.dispose). Keep top-level code fast.',
  'Answer with exactly two fenced ```typescript blocks and nothing else:',
  '1. the code;',
  '2. a test module: `export default function test(modules) { ... }`, where `modules.<id>` holds each',
  '   module\'s exports; it throws (for example with node:assert/strict) when the feature does not work.',
  '   Test fresh values, not the agent\'s shared state.',
].join('\n');

/** The conversation that asks for code plus its test, showing the target's source and exports. */
export function buildPrompt(input: PromptInput): ChatMessage[] {
  const modeText =
    input.mode === 'append'
      ? `Your code is appended at the end of ${input.module}.ts, so it can use that file's top-level names; do not repeat existing declarations.`
      : `Your code replaces ${input.module}.ts entirely; keep every export listed below, the other modules use them.`;
  const user = [
    `Feature: ${input.feature}`,
    '',
    `Target module: ${input.module} (${input.mode} mode). ${modeText}`,
    `Its exports: ${input.exports.join(', ') || '(none)'}.`,
    `Modules that import it: ${input.dependents.join(', ') || '(none)'}.`,
    '',
    `Current modules/${input.module}.ts:`,
    '```typescript',
    input.source.replace(/```/g, '`\u200b``'),
    '```',
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The code and the test from a reply: two fenced blocks (or a JSON `{ code, tests }`). */
export function parseReply(reply: string): { code: string; tests: string | null } {
  const blocks = [...reply.matchAll(/```[\w-]*[^\S\n]*\n([\s\S]*?)```/g)].map((match) => (match[1] as string).replace(/\s+$/, '\n'));
  if (blocks.length > 0 && (blocks[0] as string).trim() !== '') {
    const tests = blocks[1]?.trim() === '' ? null : (blocks[1] ?? null);
    return { code: blocks[0] as string, tests };
  }
  try {
    const json = JSON.parse(reply) as { code?: unknown; tests?: unknown };
    if (typeof json.code === 'string' && json.code.trim() !== '') {
      return { code: json.code, tests: typeof json.tests === 'string' && json.tests.trim() !== '' ? json.tests : null };
    }
  } catch {
    // Not JSON either.
  }
  throw new AppError('MODEL_ERROR', 'The model answered without a code block.', { hint: 'Try again, or rephrase the feature.' });
}
