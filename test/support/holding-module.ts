/*
 * A module whose `hold()` call stays running until the test releases it: how tests keep calls
 * in flight on a version while it is replaced (late calls). The module runs in the test's own
 * process, so the releases are shared through a global.
 */
const KEY = '__saraphinaHeldCalls';

/** The module's source: `hold()` waits for a release; `label()` says which version serves. */
export const holdingModule = (label: string): string => `const g = globalThis as { ${KEY}?: (() => void)[] };
export function hold(): Promise<string> {
  return new Promise((resolve) => {
    (g.${KEY} ??= []).push(() => resolve('finished on ${label}'));
  });
}
export const label = (): string => '${label}';
`;

/** The pending `hold()` calls' releases, oldest first (splice(0) to forget them). */
export const heldCalls = (): (() => void)[] => ((globalThis as { [KEY]?: (() => void)[] })[KEY] ??= []);
