/**
 * One change at a time per workspace: reloads, rollbacks and applies run in the order asked,
 * each after the previous one has finished (succeeded or failed).
 */
export class ChangeQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private depth = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.depth += 1;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => this.depth--,
      () => this.depth--,
    );
    return result;
  }

  /** Changes queued or running. */
  get pending(): number {
    return this.depth;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
