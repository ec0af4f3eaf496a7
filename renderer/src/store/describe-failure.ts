import { RemoteError } from '../../../shared/contract/client';
import { firstLine, type ErrorInfo } from '../../../shared/errors';

/** What the UI shows for a failed request: the server's code and hint, or a one-line reason. */
export function describeFailure(error: unknown): ErrorInfo {
  if (error instanceof RemoteError) {
    return error.hint === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, hint: error.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: firstLine(message) };
}
