/**
 * Every error a user can see carries a code from this union, a one-line message and, where it
 * helps, a hint saying what to do next. Stacks stay in logs.
 */
export type ErrorCode =
  | 'INVALID_ID'
  | 'AMBIGUOUS_ID'
  | 'OUTSIDE_WORKSPACE'
  | 'MODULE_NOT_FOUND'
  | 'NOT_LOADED'
  | 'AGENT_STOPPED'
  | 'ALREADY_LOADED'
  | 'COMPILE_ERROR'
  | 'EVAL_ERROR'
  | 'EVAL_TIMEOUT'
  | 'IMPORT_ERROR'
  | 'DECLINED'
  | 'CALL_ABANDONED'
  | 'CALL_TIMEOUT'
  | 'CHECK_FAILED'
  | 'RELOAD_REFUSED'
  | 'HASH_MISMATCH'
  | 'STALE_BASE'
  | 'CONFIG_ERROR'
  | 'PROPOSAL_NOT_FOUND'
  | 'NOT_APPROVED'
  | 'SANDBOX_FAILED'
  | 'SANDBOX_UNCONFINED'
  | 'WRITE_FAILED'
  | 'CHANGED_ON_DISK'
  | 'DATABASE_DAMAGED'
  | 'TYPE_ERRORS'
  | 'MODEL_NOT_CONFIGURED'
  | 'MODEL_ERROR'
  | 'INVALID_STATE'
  | 'NOT_A_FUNCTION'
  | 'CALL_ERROR'
  | 'PROCESS_EXIT_REFUSED'
  | 'BACKGROUND_ERROR'
  | 'FILE_TOO_LARGE'
  | 'BINARY_FILE'
  | 'WORKSPACE_NOT_FOUND'
  | 'WORKSPACE_EXISTS'
  | 'WORKSPACE_BUSY'
  | 'INVALID_REQUEST'
  | 'UNKNOWN_METHOD'
  | 'UNKNOWN_COMMAND'
  | 'USAGE'
  | 'UNAUTHORIZED'
  | 'TRANSPORT'
  | 'INTERNAL';

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  /** The list behind a one-line message (the type errors of a refused change), one item a line. */
  readonly details?: readonly string[];
}

export class AppError extends Error implements ErrorInfo {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: readonly string[];

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.details !== undefined && options.details.length > 0) this.details = options.details;
  }

  static fromInfo(info: ErrorInfo): AppError {
    return new AppError(info.code, info.message, {
      ...(info.hint === undefined ? {} : { hint: info.hint }),
      ...(info.details === undefined ? {} : { details: info.details }),
    });
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** The state database's failures a user can act on (SQLite result codes), in one line each. */
const DATABASE_ERRORS: readonly [RegExp, ErrorCode, string, string][] = [
  [/^SQLITE_FULL/, 'WRITE_FAILED', 'state.db cannot grow: the disk is full; the change was not recorded.', 'Free some space, then try again.'],
  [/^SQLITE_READONLY/, 'WRITE_FAILED', 'state.db is read-only; the change was not recorded.', 'Make the workspace writable, then try again.'],
  [/^SQLITE_IOERR/, 'WRITE_FAILED', 'state.db could not be read or written (an I/O error); the change was not recorded.', 'The disk may be failing; check it.'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'DATABASE_DAMAGED', 'state.db is damaged; the change was not recorded.', 'Stop the app and run `npm run cli -- db-check --repair`.'],
];

/** Turns anything thrown into what a user may see: AppErrors keep their code, the rest is INTERNAL. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? String((error as { code: string }).code) : '';
  const known = DATABASE_ERRORS.find(([pattern]) => pattern.test(code));
  if (known !== undefined) return { code: known[1], message: known[2], hint: known[3] };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: firstLine(message) };
}

/** One line for a person: the message, then the hint after an em dash; then the details, indented. */
export function formatError(info: ErrorInfo): string {
  const line = info.hint === undefined ? `${info.code}: ${info.message}` : `${info.code}: ${info.message} — ${info.hint}`;
  return info.details === undefined ? line : [line, ...info.details.map((detail) => `  ${detail}`)].join('\n');
}

export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** Exhaustive-switch guard: a new union member without a case fails to compile. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
