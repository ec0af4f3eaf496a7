/** What a request in flight was doing, for the crash it may be blamed for ("a call to tools/echo shout()"); null when it runs no agent code. */
export function describeRequest(method: string, input: unknown): string | null {
  const fields = (input ?? {}) as Record<string, unknown>;
  const text = (key: string): string => (typeof fields[key] === 'string' ? (fields[key] as string) : '?');
  switch (method) {
    case 'callFunction':
      return `a call to ${text('module')} ${text('fn')}()`;
    case 'reloadModule':
    case 'loadModule':
      return `a reload of ${text('module')}`;
    case 'applyProposal':
      return 'the apply of a proposal';
    case 'rollbackToVersion':
      return `the rollback to ${text('versionId')}`;
    case 'consoleExecute':
    case 'consoleAnswer':
      return fields['line'] === undefined ? 'a console command' : `the console command ${text('line').slice(0, 200)}`;
    default:
      return null;
  }
}
