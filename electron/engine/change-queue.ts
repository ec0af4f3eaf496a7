/**
 * One change at a time per workspace: reloads, rollbacks and applies run in the order asked,
 * each after the previous one has finished (succeeded or failed).
 */
export class ChangeQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
