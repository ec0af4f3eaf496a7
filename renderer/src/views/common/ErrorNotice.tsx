import type { ErrorInfo } from '../../../../shared/errors';

/** A failure as a person should see it: what went wrong in one line, and what to do next. */
export function ErrorNotice({ error, context, testId }: { error: ErrorInfo; context: string; testId?: string }) {
  return (
    <div className="error-notice" role="alert" data-testid={testId}>
      <p className="error-notice__title">
        {context} <code className="error-notice__code">{error.code}</code>
      </p>
      <p className="error-notice__message">{error.message}</p>
      {error.hint !== undefined && <p className="error-notice__hint">{error.hint}</p>}
    </div>
  );
}
