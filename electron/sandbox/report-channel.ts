import { z } from 'zod';
import { isModuleIdShape, type ModuleId } from '../../shared/ids';
import type { SandboxCheck } from '../../shared/proposals';
import { ASSERTION_OPERATOR_LIMIT, ASSERTION_TEXT_LIMIT, CHECK_OUTPUT_LIMIT } from './protocol';

/** Longest report line accepted (a check with its capped output fits with room to spare). */
const LINE_LIMIT = 4 * (CHECK_OUTPUT_LIMIT + 2 * ASSERTION_TEXT_LIMIT) + 1024;
/** All report messages of one run together. */
export const REPORT_LIMIT = 1024 * 1024;
const CHECK_LIMIT = 1000;

const checkSchema = z
  .object({
    name: z.string().min(1).max(200),
    module: z.string().refine(isModuleIdShape, 'not a module id').nullable(),
    ok: z.boolean(),
    ms: z.number().finite().nonnegative(),
    output: z.string(),
    assertion: z
      .object({
        operator: z.string().max(ASSERTION_OPERATOR_LIMIT),
        expected: z.string().max(ASSERTION_TEXT_LIMIT),
        actual: z.string().max(ASSERTION_TEXT_LIMIT),
      })
      .strict()
      .optional(),
  })
  .strict();

const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check'), check: checkSchema }).strict(),
  z.object({ type: z.literal('done'), checks: z.number().int().nonnegative() }).strict(),
]);

/**
 * The parent's side of the report channel (see runner-channel.ts): every line must carry the
 * run's secret and match the schema (`ok: "yes"` is not a pass); size and count are capped.
 * The first violation ends the run as failed: `onViolation` stops the process.
 */
export class ReportReader {
  readonly checks: SandboxCheck[] = [];
  private done = false;
  private violationText: string | null = null;
  private pending = '';
  private bytes = 0;
  private readonly secret: string;
  private readonly onViolation: (reason: string) => void;

  constructor(secret: string, onViolation: (reason: string) => void) {
    this.secret = secret;
    this.onViolation = onViolation;
  }

  get finished(): boolean {
    return this.done && this.violationText === null;
  }

  get violation(): string | null {
    return this.violationText;
  }

  push(chunk: Buffer): void {
    if (this.violationText !== null) return;
    this.bytes += chunk.length;
    if (this.bytes > REPORT_LIMIT) return this.fail(`The sandbox sent more than ${REPORT_LIMIT / 1024} KB of report; stopped.`);
    this.pending += chunk.toString('utf8');
    let newline = this.pending.indexOf('\n');
    while (newline !== -1 && this.violationText === null) {
      this.accept(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    if (this.pending.length > LINE_LIMIT) this.fail(`A sandbox report message is over ${LINE_LIMIT} bytes; stopped.`);
  }

  private accept(line: string): void {
    if (line.length > LINE_LIMIT) return this.fail(`A sandbox report message is over ${LINE_LIMIT} bytes; stopped.`);
    if (!line.startsWith(`${this.secret} `)) {
      return this.fail('A report message did not come from the sandbox runner (forged by the proposal code?).');
    }
    if (this.done) return this.fail('The sandbox sent report messages after "done" (forged?).');
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(this.secret.length + 1));
    } catch {
      return this.fail('A sandbox report message is not JSON.');
    }
    const result = messageSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      return this.fail(`A sandbox report message is malformed (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}).`);
    }
    const message = result.data;
    if (message.type === 'done') {
      if (message.checks !== this.checks.length) return this.fail(`The sandbox said ${message.checks} checks but sent ${this.checks.length}.`);
      this.done = true;
      return;
    }
    if (this.checks.length >= CHECK_LIMIT) return this.fail(`The sandbox sent more than ${CHECK_LIMIT} checks.`);
    const { assertion, ...check } = message.check;
    const accepted = { ...check, module: check.module as ModuleId | null, output: capOutput(check.output) };
    this.checks.push(assertion === undefined ? accepted : { ...accepted, assertion });
  }

  private fail(reason: string): void {
    if (this.violationText !== null) return;
    this.violationText = reason;
    this.onViolation(reason);
  }
}

function capOutput(output: string): string {
  if (output.length <= CHECK_OUTPUT_LIMIT) return output;
  return `${output.slice(0, CHECK_OUTPUT_LIMIT)}… (${output.length - CHECK_OUTPUT_LIMIT} more characters cut)`;
}
