/**
 * One change at a time per workspace: reloads, rollbacks and applies run in the order asked,
 * each after the previous one has finished (succeeded or failed).
 */
export class ChangeQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly precondition: () => void;

  /** `precondition` runs before each change and may refuse it by throwing (a lost database). */
  constructor(precondition: () => void = () => undefined) {
    this.precondition = precondition;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    const guarded = (): Promise<T> => {
      this.precondition();
      return task();
    };
    const result = this.tail.then(guarded, guarded);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
