import path from 'node:path';
import pino, { type Logger } from 'pino';
import roll from 'pino-roll';

/*
 * The control process's own log (engines, host, services, CLI): pino, JSON lines. Until a front
 * end starts logging to a file, warnings and errors go to stderr as before; the CLI (serve,
 * session, every command) logs to `logs/control.log` in the user data folder, rotated by
 * pino-roll; the desktop app hands the lines to electron-log. Never the agent's output (that is
 * the agent log) and never what a command answers (that is the command's output).
 */

export type ControlLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ControlLogger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

/** Where lines go when a front end prefers its own logger (the desktop app's electron-log). */
export type ControlLogSink = (level: ControlLogLevel, scope: string, message: string, detail: unknown) => void;

const LEVEL_LABELS = { formatters: { level: (label: string) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime, base: { pid: process.pid } };

/** Warnings and errors on stderr read as lines for a person (`error [engine] …` and the stack), not JSON. */
const stderrLines = {
  write(line: string): void {
    try {
      const { level, scope, msg, err, detail } = JSON.parse(line) as { level: string; scope?: string; msg?: string; err?: { stack?: string }; detail?: unknown };
      const extra = err?.stack ?? (detail === undefined ? '' : JSON.stringify(detail));
      process.stderr.write(`${level} [${scope ?? 'control'}] ${msg ?? ''}${extra === '' ? '' : `\n${extra}`}\n`);
    } catch {
      process.stderr.write(line);
    }
  },
};

let backend: Logger | ControlLogSink = pino({ ...LEVEL_LABELS, level: 'warn' }, stderrLines);

/** A logger for one part of the control process; `scope` names it in every line. */
export function controlLog(scope: string): ControlLogger {
  const write = (level: ControlLogLevel) => (message: string, detail?: unknown) => {
    const target = backend;
    if (typeof target === 'function') target(level, scope, message, detail);
    else target[level]({ scope, ...details(detail) }, message);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const CONTROL_LOG_FILE = 'control';
const MAX_FILE_SIZE = '5m';
const FILES_KEPT = 3;

/**
 * From now on, lines at info and louder go to `<userData>/logs/control.<n>.log` (rotated at 5 MB,
 * three files kept) and warnings and errors also to stderr. A log folder that cannot be written
 * leaves logging as it was: a command never fails for its log.
 */
export async function startControlLogFile(userDataDir: string): Promise<string | null> {
  const file = path.join(userDataDir, 'logs', CONTROL_LOG_FILE);
  try {
    const stream = await roll({ file, extension: '.log', size: MAX_FILE_SIZE, limit: { count: FILES_KEPT }, mkdir: true });
    backend = pino(
      { ...LEVEL_LABELS, level: 'info' },
      pino.multistream([
        { level: 'info', stream },
        { level: 'warn', stream: stderrLines },
      ]),
    );
    return path.dirname(file);
  } catch (error) {
    controlLog('control').warn(`could not open the log file ${file}; logging to stderr only`, error);
    return null;
  }
}

/** Hands every line to `sink` instead (the desktop app: electron-log, which already rotates its file). */
export function sendControlLogTo(sink: ControlLogSink): void {
  backend = sink;
}

function details(detail: unknown): object {
  if (detail === undefined) return {};
  if (detail instanceof Error) return { err: detail };
  return { detail };
}
