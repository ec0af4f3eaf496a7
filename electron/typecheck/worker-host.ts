import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { AppError } from '../../shared/errors';
import { appFile, resolveFromApp } from '../base/resolve-from-app';
import type { CandidateSource, CheckOutcome, WorkerReply, WorkerRequest, WorkerSettings } from './protocol';

/** Name of the worker built ahead of time beside the app's main bundle (electron.vite.config.ts). */
export const PREBUILT_WORKER = 'typecheck-worker.js';

type Pending = { resolve(outcome: CheckOutcome): void; reject(error: Error): void };
/** The worker thread and the requests it has not answered yet. */
type Running = { readonly worker: Worker; readonly pending: Map<number, Pending> };
/** A request as a gate makes it (the id is added here). */
type Request = { kind: 'check'; files: readonly CandidateSource[] } | { kind: 'warm-up' } | { kind: 'close' };

/**
 * The one worker thread that type-checks for every workspace open in this process (usually
 * one; tests open many), so TypeScript and the lib files load once. Started on first use; if it
 * dies (out of memory, a compiler crash) the requests in flight fail and the next request starts
 * a new one. It does not keep the process alive while idle.
 */
class TypeCheckWorker {
  private running: Promise<Running> | null = null;
  /** Which start `running` is, so a worker that died can tell it is the current one. */
  private generation = 0;
  private nextId = 1;

  async send(root: string, request: Request): Promise<CheckOutcome> {
    if (request.kind === 'close' && this.running === null) return { errors: [], preExisting: 0, filesChecked: 0, tsconfig: null, ms: 0 };
    if (this.running === null) {
      const generation = ++this.generation;
      this.running = this.start(generation).catch((error: unknown) => {
        if (this.generation === generation) this.running = null;
        throw error;
      });
    }
    const { worker, pending } = await this.running;
    const id = this.nextId++;
    const message: WorkerRequest = { ...request, id, root };
    return new Promise<CheckOutcome>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(message);
    });
  }

  private async start(generation: number): Promise<Running> {
    const settings: WorkerSettings = { typescript: resolveFromApp('typescript'), nodeTypes: nodeTypesOfApp() };
    const { code, file } = await workerCode();
    const worker = file === null ? new Worker(code, { eval: true, workerData: settings }) : new Worker(file, { workerData: settings });
    const running: Running = { worker, pending: new Map() };
    const { pending } = running;
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (waiting === undefined) return;
      if (reply.ok) waiting.resolve(reply.outcome);
      else waiting.reject(new AppError('INTERNAL', `The type check failed: ${reply.message}`));
    });
    const fail = (error: Error): void => {
      if (this.generation === generation) this.running = null;
      for (const waiting of pending.values()) waiting.reject(new AppError('INTERNAL', `The type-check worker stopped: ${error.message}`));
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return running;
  }
}

const shared = new TypeCheckWorker();

/** Type-checks candidates for the workspace at `root` in the shared worker thread. */
export function typeCheckIn(root: string, files: readonly CandidateSource[]): Promise<CheckOutcome> {
  return shared.send(root, { kind: 'check', files });
}

export function warmUpTypeCheck(root: string): Promise<CheckOutcome> {
  return shared.send(root, { kind: 'warm-up' });
}

/** Drops the workspace's checker (its programs and caches) from the worker. */
export async function closeTypeCheck(root: string): Promise<void> {
  await shared.send(root, { kind: 'close' });
}

function nodeTypesOfApp(): string | null {
  try {
    return path.join(path.dirname(resolveFromApp('@types/node/package.json')), 'index.d.ts');
  } catch {
    return null;
  }
}

let bundled: Promise<string> | undefined;

/** The prebuilt worker beside this bundle, else worker.ts bundled once per process (a few ms). */
async function workerCode(): Promise<{ code: string; file: string | null }> {
  const dir = path.dirname(appFile());
  const prebuilt = path.join(dir, PREBUILT_WORKER);
  if (existsSync(prebuilt)) return { code: '', file: prebuilt };
  bundled ??= bundleWorker(dir).catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return { code: await bundled, file: null };
}

async function bundleWorker(dir: string): Promise<string> {
  const source = ancestors(dir)
    .flatMap((folder) => [path.join(folder, 'worker.ts'), path.join(folder, 'electron', 'typecheck', 'worker.ts')])
    .find((file) => existsSync(file) && existsSync(path.join(path.dirname(file), 'workspace-checker.ts')));
  if (source === undefined) {
    throw new AppError('INTERNAL', 'The type-check worker is missing from this build.', { hint: `Ship ${PREBUILT_WORKER} beside the main bundle.` });
  }
  const result = await build({ entryPoints: [source], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  return result.outputFiles[0]?.text ?? '';
}

function ancestors(dir: string): string[] {
  const list = [dir];
  while (path.dirname(list.at(-1) as string) !== list.at(-1)) list.push(path.dirname(list.at(-1) as string));
  return list;
}
