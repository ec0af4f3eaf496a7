import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './temp-workspace';

export interface JsonAnswer {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * A long-running `session --json` in a child process: send a line, get its one JSON answer.
 * Lets a test edit files between commands, as a person at the terminal would.
 */
export class SessionDriver {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: JsonAnswer[] = [];
  private readonly waiting: ((answer: JsonAnswer) => void)[] = [];
  stderr = '';

  constructor(workspace: string, extraArgs: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'cli.mjs'), 'session', '--json', '--workspace', workspace, ...extraArgs], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as JsonAnswer;
      const waiter = this.waiting.shift();
      if (waiter === undefined) this.answers.push(answer);
      else waiter(answer);
    });
  }

  send(line: string): Promise<JsonAnswer> {
    this.child.stdin.write(`${line}\n`);
    const ready = this.answers.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No answer to ${line}; stderr: ${this.stderr}`)), 30_000);
      this.waiting.push((answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  /** Sends a line that must succeed and returns its result. */
  async ok<T = unknown>(line: string): Promise<T> {
    const answer = await this.send(line);
    if (!answer.ok) throw new Error(`${line} failed: ${JSON.stringify(answer.error)}`);
    return answer.result as T;
  }

  /** Resolves with the signal that ended the process (SIGKILL from a fault point), or null. */
  exited(): Promise<NodeJS.Signals | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.signalCode);
    return new Promise((resolve) => this.child.once('close', (_code, signal) => resolve(signal)));
  }

  end(): Promise<number | null> {
    this.child.stdin.end();
    return new Promise((resolve) => this.child.on('close', resolve));
  }

  /** Kills the session and then its agent process, which would otherwise write on into the workspace while a test removes it. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const descendants = descendantsOf(this.child.pid);
    const closed = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.kill('SIGKILL');
    await closed;
    for (const pid of descendants) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    for (let tries = 0; tries < 200 && descendants.some(isRunning); tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function descendantsOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Alive and not a zombie (killed, waiting to be reaped: it writes nothing more). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
