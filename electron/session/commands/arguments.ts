import { AppError } from '../../../shared/errors';
import type { ParsedCommand } from '../../../shared/session/tokenize';

export function requirePositional(command: ParsedCommand, index: number, name: string, usage: string): string {
  const value = command.positionals[index];
  if (value === undefined || value === '') {
    throw new AppError('USAGE', `Missing <${name}>.`, { hint: `Usage: ${usage}` });
  }
  return value;
}

export function optionalNumberFlag(command: ParsedCommand, name: string, usage: string): number | undefined {
  const value = command.flags[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value === true || !Number.isFinite(number) || number < 0) {
    throw new AppError('USAGE', `--${name} needs a number of milliseconds.`, { hint: `Usage: ${usage}` });
  }
  return number;
}

export function optionalStringFlag(command: ParsedCommand, name: string): string | undefined {
  const value = command.flags[name];
  return typeof value === 'string' ? value : undefined;
}
