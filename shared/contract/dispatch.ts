import { z } from 'zod';
import { AppError, toErrorInfo } from '../errors';
import { fail, ok, type Envelope } from '../result';
import type { MethodName, ServiceHandlers, ServiceSpec } from './define';

/** The one message shape a transport carries for a request. */
export const requestSchema = z.object({ method: z.string().min(1).max(100), input: z.unknown() }).strict();
export type Request = z.infer<typeof requestSchema>;

export type Dispatcher = (message: unknown) => Promise<Envelope<unknown>>;

/**
 * Validates a raw message against the service and runs its handler. Never throws: every failure,
 * from a malformed payload to a handler crash, comes back as an error envelope.
 */
export function createDispatcher<S extends ServiceSpec>(
  spec: S,
  handlers: ServiceHandlers<S>,
  onInternalError: (error: unknown) => void = () => undefined,
): Dispatcher {
  return async (message) => {
    const request = requestSchema.safeParse(message);
    if (!request.success) {
      return fail({ code: 'INVALID_REQUEST', message: 'Malformed request: expected { method, input }.' });
    }
    const { method, input } = request.data;
    if (!Object.hasOwn(spec.methods, method)) {
      return fail({ code: 'UNKNOWN_METHOD', message: `Unknown method "${method}".` });
    }
    const schema = spec.methods[method]?.input;
    const parsed = schema?.safeParse(input);
    if (!parsed?.success) {
      return fail({ code: 'INVALID_REQUEST', message: `Invalid input for ${method}: ${describeIssues(parsed?.error)}` });
    }
    try {
      const handler = handlers[method as MethodName<S>] as (value: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (!(error instanceof AppError)) onInternalError(error);
      return fail(toErrorInfo(error));
    }
  };
}

function describeIssues(error: z.ZodError | undefined): string {
  const issue = error?.issues[0];
  if (issue === undefined) return 'not valid.';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
  return `${where}: ${issue.message}`;
}
