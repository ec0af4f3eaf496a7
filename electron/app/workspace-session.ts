import { AppError, toErrorInfo } from '../../shared/errors';
import type { RecentWorkspaces } from './recent-workspaces';
import { checkWorkspaceFolder, createWorkspaceFromDemo, type CreatedWorkspace } from './workspace-folder';

/** What serves one workspace: its supervised agent (or, in tests, services in this process). */
export interface Closable {
  close(): Promise<void>;
  closeNow(): void;
}

export interface WorkspaceSessionOptions<T extends Closable> {
  /** Starts serving a workspace (its supervised agent; tests may wrap it). */
  readonly open: (root: string) => Promise<T>;
  readonly recent: RecentWorkspaces;
}

type SwitchListener<T> = (services: T, root: string) => void;

/**
 * The one workspace the app serves at a time, and switching to another: the new folder is
 * checked first, the current agent is stopped (its change in progress finishes, its lock is
 * released), then the other one starts. If it cannot start, the previous one serves again. Each
 * workspace keeps its own history (its state.db lives in the workspace). Switches run one at a
 * time; callers that need the services wait for a switch in progress (`ready`).
 */
export class WorkspaceSession<T extends Closable = Closable> {
  private current: T;
  private currentRoot: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<SwitchListener<T>>();
  private readonly stopping = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly options: WorkspaceSessionOptions<T>,
    services: T,
    root: string,
  ) {
    this.current = services;
    this.currentRoot = root;
  }

  /** Opens `dir` (which must be a workspace) and records it as the latest recent workspace. */
  static async start<T extends Closable>(dir: string, options: WorkspaceSessionOptions<T>): Promise<WorkspaceSession<T>> {
    const root = checkWorkspaceFolder(dir);
    const services = await options.open(root);
    options.recent.add(root);
    return new WorkspaceSession(options, services, root);
  }

  get services(): T {
    return this.current;
  }

  get root(): string {
    return this.currentRoot;
  }

  get recent(): RecentWorkspaces {
    return this.options.recent;
  }

  /** Resolves once no switch is in progress (requests wait here rather than reach a closed agent). */
  ready(): Promise<void> {
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Called after every switch, with the services now serving. Returns an unsubscribe function. */
  onDidSwitch(listener: SwitchListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called before the serving agent stops for a switch (stop reading from it). Returns an unsubscribe function. */
  onWillSwitch(listener: () => void): () => void {
    this.stopping.add(listener);
    return () => this.stopping.delete(listener);
  }

  /** Serves the workspace at `dir`; the same one again is a no-op. Returns its real path. */
  switchTo(dir: string): Promise<string> {
    return this.enqueue(async () => {
      const root = checkWorkspaceFolder(dir);
      if (root !== this.currentRoot) await this.replace(root);
      this.options.recent.add(root);
      return root;
    });
  }

  /** Makes `dir` a workspace from the demo (keeping what is there), then serves it. */
  createFromDemoAndSwitch(dir: string): Promise<CreatedWorkspace> {
    return this.enqueue(async () => {
      const created = createWorkspaceFromDemo(dir);
      if (created.root !== this.currentRoot) await this.replace(created.root);
      this.options.recent.add(created.root);
      return created;
    });
  }

  /** Waits for a switch in progress, then stops the agent. */
  async close(): Promise<void> {
    await this.ready();
    if (this.closed) return;
    this.closed = true;
    await this.current.close();
  }

  /** Stops the agent now (app quit). */
  closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.current.closeNow();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new AppError('INVALID_STATE', 'The app is closing; no workspace was opened.');
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async replace(root: string): Promise<void> {
    const previousRoot = this.currentRoot;
    for (const listener of this.stopping) listener();
    await this.current.close();
    let next: T;
    try {
      next = await this.options.open(root);
    } catch (error) {
      // The previous agent serves again; the user sees why the other did not start.
      try {
        this.current = await this.options.open(previousRoot);
      } catch (reopenError) {
        this.closed = true;
        throw new AppError('INTERNAL', `${toErrorInfo(error).message} ${previousRoot} could not be reopened either: ${toErrorInfo(reopenError).message}`, {
          hint: 'Restart the app.',
        });
      }
      this.notify();
      throw error;
    }
    this.current = next;
    this.currentRoot = root;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.current, this.currentRoot);
  }
}
