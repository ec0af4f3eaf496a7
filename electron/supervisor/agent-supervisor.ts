import { agentService } from '../../shared/contract/agent';
import type { AgentCrash, AgentLimits, AgentState, AgentStatus } from '../../shared/agent-status';
import { createDispatcher, requestSchema } from '../../shared/contract/dispatch';
import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { fail, type Envelope } from '../../shared/result';
import type { AgentStartOptions, FromAgent } from '../agent/protocol';
import { START_OPTIONS_ENV } from '../agent/protocol';
import { controlLog } from '../base/control-log';
import { DEFAULT_AGENT_LIMITS, loadWorkspaceConfig } from '../engine/workspace-config';
import { Workspace } from '../runtime/workspace';
import { agentEntryFile } from './agent-entry';
import { describeCrash } from './crash-description';
import { nodeLauncher, type AgentChild, type AgentExit, type AgentLauncher } from './launcher';
import { OutputTail } from './output-tail';
import { describeRequest } from './request-description';
import { Watchdog, type Verdict } from './watchdog';
import type { RawEventSender, ServedAgent } from '../services/served-agent';

export interface SupervisorOptions {
  readonly root: string;
  readonly appVersion: string;
  /** How the agent process is started (Electron's utility process in the desktop app). */
  readonly launcher?: AgentLauncher;
  /** `session --watch`: the agent reloads a module when its file is saved. */
  readonly watch?: boolean;
}

type EventListener = (event: string, payload: unknown) => void;

interface Pending {
  readonly resolve: (response: Envelope<unknown>) => void;
  readonly during: string | null;
}

interface Running {
  readonly child: AgentChild;
  readonly runCode: boolean;
  readonly tail: OutputTail;
  readonly watchdog: Watchdog;
  readonly ready: Promise<void>;
  markReady(): void;
  isReady: boolean;
  /** The supervisor ended it on purpose (a limit, the watchdog, a restart asked for). */
  killed: Verdict | null;
  expected: boolean;
  startFailure: ErrorInfo | null;
}

/** How long a request waits for an agent that is starting before it is answered "stopped". */
const READY_WAIT_MS = 60_000;
const CLOSE_WAIT_MS = 10_000;
const KEPT_CRASHES = 20;
const log = controlLog('supervisor');

/**
 * The control process's side of the agent process: starts it, forwards the panel contract to
 * it, watches it (heartbeat, limits), and when it dies records why and starts it again on its
 * last stable code; after a crash loop it starts it in repair mode (no agent code runs, so
 * history, diffs, rollbacks and proposals keep working) until someone starts it again.
 */
export class AgentSupervisor implements ServedAgent {
  private running: Running | null = null;
  private state: AgentState = 'starting';
  private since = Date.now();
  private message = 'starting';
  private lastRestartMs: number | null = null;
  private readonly crashes: AgentCrash[] = [];
  /** Crashes the next agent must record in the history (it says when it did). */
  private unrecorded: AgentCrash[] = [];
  private crashTimes: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly listeners = new Set<EventListener>();
  private readonly noticeListeners = new Set<(line: string) => void>();
  private limits: AgentLimits = DEFAULT_AGENT_LIMITS;
  private closing: Promise<void> | null = null;
  /** Why the last agent could not start at all (a folder that is no workspace, a locked or damaged state.db). */
  private startFailure: ErrorInfo | null = null;
  private readonly launcher: AgentLauncher;

  private constructor(
    private readonly options: SupervisorOptions,
    private readonly workspace: Workspace,
  ) {
    this.launcher = options.launcher ?? nodeLauncher;
  }

  /** Starts the agent; resolves once it serves (running, or in repair mode after a crash loop). */
  static async start(options: SupervisorOptions): Promise<AgentSupervisor> {
    // The folder is checked here, so a path that is no workspace fails in one line, not as a crash loop.
    const workspace = Workspace.open(options.root);
    const supervisor = new AgentSupervisor({ ...options, root: workspace.root }, workspace);
    await supervisor.launch({ runCode: true, restoreStable: false });
    await supervisor.settled();
    if (supervisor.running === null) {
      throw supervisor.startFailure === null
        ? new AppError('AGENT_STOPPED', supervisor.message, { hint: 'Fix what the line says, then start again.' })
        : AppError.fromInfo(supervisor.startFailure);
    }
    return supervisor;
  }

  status(): AgentStatus {
    return {
      state: this.state,
      pid: this.running?.child.pid ?? null,
      since: this.since,
      message: this.message,
      crashes: [...this.crashes],
      lastRestartMs: this.lastRestartMs,
      limits: this.limits,
    };
  }

  /** Panel events from the agent, and `agentStatusChanged` from here. The agent computes them only while someone listens. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.askForEvents();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.askForEvents();
    };
  }

  forwardEvents(send: RawEventSender): () => void {
    return this.onEvent(send);
  }

  /** One-line notices for a terminal (a background error, a crash and its restart). */
  onNotice(listener: (line: string) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Answers a request of the panel or agent contract; never throws. */
  async dispatch(message: unknown): Promise<Envelope<unknown>> {
    const request = requestSchema.safeParse(message);
    if (request.success && Object.hasOwn(agentService.methods, request.data.method)) return this.answerHere(message);
    await this.settled();
    const running = this.running;
    if (running === null || !running.isReady) {
      return fail({ code: 'AGENT_STOPPED', message: `The agent is not running: ${this.message}`, hint: 'Start it again from the agent banner or with /start-agent.' });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, during: request.success ? describeRequest(request.data.method, request.data.input) : null });
      running.child.send({ type: 'request', id, message });
    });
  }

  /** Starts the agent again: after a crash loop, or on request (`restoreStable` puts every module on its last stable version first). */
  async startAgent(options: { readonly restoreStable?: boolean } = {}): Promise<AgentStatus> {
    if (this.closing !== null) throw new AppError('INVALID_STATE', 'The app is closing; the agent was not started.');
    this.crashTimes = [];
    await this.stopRunning();
    await this.launch({ runCode: true, restoreStable: options.restoreStable === true });
    await this.settled();
    return this.status();
  }

  /** Lets the agent finish the change in progress and stop. */
  close(): Promise<void> {
    this.closing ??= this.stopRunning();
    return this.closing;
  }

  /** App quit: the agent is told to stop and is not waited for (it also stops when this process goes). */
  closeNow(): void {
    this.closing ??= Promise.resolve();
    const running = this.running;
    if (running === null) return;
    running.expected = true;
    running.watchdog.stop();
    running.child.send({ type: 'close' });
  }

  /** The agent contract, validated by its schema like every other, answered here. */
  private readonly answerHere = createDispatcher(agentService, {
    agentStatus: () => this.status(),
    startAgent: ({ restoreStable }) => this.startAgent({ restoreStable: restoreStable === true }),
  });

  /** Resolves once the agent being started is ready or has gone. */
  private async settled(): Promise<void> {
    for (let running = this.running; running !== null && !running.isReady; running = this.running) {
      const started = Date.now();
      await Promise.race([running.ready, new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref())]);
      if (this.running === running && !running.isReady && Date.now() - started >= READY_WAIT_MS) return;
    }
  }

  private async launch(mode: { runCode: boolean; restoreStable: boolean }): Promise<void> {
    this.limits = readLimits(this.options.root);
    const start: AgentStartOptions = {
      root: this.options.root,
      appVersion: this.options.appVersion,
      runCode: mode.runCode,
      restoreStable: mode.restoreStable,
      crashes: this.unrecorded,
      watch: this.options.watch === true,
    };
    let entry: string;
    try {
      entry = await agentEntryFile();
    } catch (error) {
      this.setState('stopped', `agent could not start: ${toErrorInfo(error).message}`);
      return;
    }
    const child = this.launcher(entry, {
      cwd: this.options.root,
      env: { ...process.env, [START_OPTIONS_ENV]: JSON.stringify(start) },
      execArgv: ['--disable-sigusr1', `--max-old-space-size=${this.limits.memoryMb}`],
    });
    let markReady = (): void => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const running: Running = {
      child,
      runCode: mode.runCode,
      tail: new OutputTail(),
      watchdog: new Watchdog(
        this.limits,
        (id) => child.send({ type: 'ping', id }),
        (verdict) => {
          running.killed = verdict;
          child.kill();
        },
      ),
      ready,
      markReady,
      isReady: false,
      killed: null,
      expected: false,
      startFailure: null,
    };
    this.running = running;
    const agentLog = controlLog('agent-process');
    running.tail.follow(child.stdout, (line) => agentLog.info(line));
    running.tail.follow(child.stderr, (line) => agentLog.warn(line));
    child.onMessage((message) => this.receive(running, message));
    child.onExit((exit) => this.exited(running, exit));
    running.watchdog.start();
  }

  private receive(running: Running, message: FromAgent): void {
    running.watchdog.alive();
    switch (message.type) {
      case 'pong':
        running.watchdog.answered(message.cpuMicros, message.rssBytes);
        return;
      case 'response':
        this.pending.get(message.id)?.resolve(message.response);
        this.pending.delete(message.id);
        return;
      case 'event':
        this.emit(message.event, message.payload);
        return;
      case 'notice':
        this.notice(message.line);
        return;
      case 'crashes-recorded':
        this.unrecorded = [];
        return;
      case 'start-failed':
        // It could not open the workspace (config, lock, database): nothing of it to keep running.
        running.startFailure = message.error;
        running.child.kill();
        return;
      case 'ready':
        running.isReady = true;
        this.startFailure = null;
        this.ready(running, message.runsCode);
        running.markReady();
        return;
    }
  }

  private askForEvents(): void {
    if (this.running?.isReady === true) this.running.child.send({ type: 'events', on: this.listeners.size > 0 });
  }

  private ready(running: Running, runsCode: boolean): void {
    this.askForEvents();
    const pid = running.child.pid ?? '?';
    if (!runsCode) {
      const last = this.crashes[0];
      const why = last === undefined ? 'started in repair mode' : `${this.crashTimes.length} crashes in ${this.limits.crashLoopWindowMs / 1000} s, the last: ${last.reason}`;
      this.setState('stopped', `agent stopped (${why}). Nothing of its code runs: roll back or fix the module, then start the agent again.`);
      return;
    }
    if (this.state === 'restarting' && this.crashes[0] !== undefined) {
      this.lastRestartMs = Date.now() - this.crashes[0].at;
      this.setState('running', `agent stopped: ${this.crashes[0].reason} — restarted on its last stable code in ${this.lastRestartMs} ms`);
      this.notice(this.message);
      return;
    }
    this.setState('running', `running (pid ${pid})`);
  }

  private exited(running: Running, exit: AgentExit): void {
    running.watchdog.stop();
    if (this.running === running) this.running = null;
    const crash = running.expected || running.startFailure !== null ? null : this.crashOf(running, exit);
    for (const [id, pending] of this.pending) {
      pending.resolve(
        fail({
          code: 'AGENT_STOPPED',
          message: `The agent stopped while answering: ${crash?.reason ?? 'it was stopped'}.`,
          hint: 'It restarts on its last stable code; try again in a moment.',
        }),
      );
      this.pending.delete(id);
    }
    running.markReady();
    if (running.expected || this.closing !== null) return;
    if (running.startFailure !== null) {
      this.startFailure = running.startFailure;
      this.setState('stopped', `agent could not start: ${running.startFailure.message}`);
      return;
    }
    if (crash === null) return;
    if (!running.runCode) {
      // Repair mode runs none of the agent's code: its death is not the agent's; do not loop on it.
      this.setState('stopped', `the repair-mode agent stopped: ${crash.reason}`);
      return;
    }
    this.crashes.unshift(crash);
    this.crashes.splice(KEPT_CRASHES);
    this.unrecorded.push(crash);
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((at) => now - at < this.limits.crashLoopWindowMs), now];
    // The notice says it to a person; the log keeps the detail.
    log.info(`agent stopped: ${crash.reason}`, { exitCode: crash.exitCode, signal: crash.signal, lastOutput: crash.lastOutput });
    this.notice(`agent stopped: ${crash.reason}`);
    const loop = this.crashTimes.length >= this.limits.crashLoopCount;
    this.setState(loop ? 'stopped' : 'restarting', loop ? `agent stopped after ${this.crashTimes.length} crashes: ${crash.reason}` : `agent stopped: ${crash.reason} — restarting on its last stable code`);
    void this.launch({ runCode: !loop, restoreStable: true });
  }

  private crashOf(running: Running, exit: AgentExit): AgentCrash {
    const during = [...this.pending.values()].find((pending) => pending.during !== null)?.during ?? null;
    return describeCrash({
      root: this.options.root,
      code: exit.code,
      signal: exit.signal,
      killed: running.killed,
      lastOutput: running.tail.last(),
      during,
      atStart: !running.isReady,
      memoryMb: this.limits.memoryMb,
      moduleOfFile: (file) => this.workspace.idOfFile(file),
    });
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    running.expected = true;
    running.watchdog.stop();
    const gone = new Promise<void>((resolve) => running.child.onExit(() => resolve()));
    running.child.send({ type: 'close' });
    const timer = setTimeout(() => running.child.kill(), CLOSE_WAIT_MS);
    await gone;
    clearTimeout(timer);
  }

  private setState(state: AgentState, message: string): void {
    this.state = state;
    this.message = message;
    this.since = Date.now();
    this.emit('agentStatusChanged', this.status());
  }

  private emit(event: string, payload: unknown): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        log.error(`forwarding ${event} failed`, error);
      }
    }
  }

  private notice(line: string): void {
    for (const listener of this.noticeListeners) listener(line);
  }
}

/** The workspace's agent limits; a config the agent will refuse anyway gets the defaults here. */
function readLimits(root: string): AgentLimits {
  try {
    return loadWorkspaceConfig(root).agent;
  } catch {
    return DEFAULT_AGENT_LIMITS;
  }
}
