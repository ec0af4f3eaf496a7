import { AppError } from '../../../shared/errors';
import type { ParsedCommand } from '../../../shared/session/tokenize';

export function requirePositional(command: ParsedCommand, index: number, name: string, usage: string): string {
  const value = command.positionals[index];
  if (value === undefined || value === '') {
    throw new AppError('USAGE', `Missing <${name}>.`, { hint: `Usage: ${usage}` });
  }
  return value;
}
