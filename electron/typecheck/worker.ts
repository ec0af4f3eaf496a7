import { createRequire, enableCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type ts from 'typescript';
import type { CheckOutcome, WorkerReply, WorkerRequest, WorkerSettings } from './protocol';
import { WorkspaceChecker } from './workspace-checker';

/**
 * The type-check worker: keeps a checker warm per open workspace, so the agent's own thread
 * never spends a moment in the compiler. The checkers share one document registry (lib files
 * and `@types/node` are parsed once). Requests are answered in order.
 */
const settings = workerData as WorkerSettings;
// TypeScript is one 9 MB file: V8's on-disk code cache makes every later start load it faster.
enableCompileCache?.();
const typescript = createRequire(settings.typescript)(settings.typescript) as typeof ts;
const registry = typescript.createDocumentRegistry();
const checkers = new Map<string, WorkspaceChecker>();
const NOTHING: CheckOutcome = { errors: [], preExisting: 0, filesChecked: 0, tsconfig: null, ms: 0 };

function checkerFor(root: string): WorkspaceChecker {
  let checker = checkers.get(root);
  if (checker === undefined) {
    checker = new WorkspaceChecker(typescript, root, settings.nodeTypes, registry);
    checkers.set(root, checker);
  }
  return checker;
}

function answer(request: WorkerRequest): CheckOutcome {
  switch (request.kind) {
    case 'check':
      return checkerFor(request.root).check(request.files);
    case 'warm-up':
      checkerFor(request.root).warmUp();
      return NOTHING;
    case 'close':
      checkers.get(request.root)?.dispose();
      checkers.delete(request.root);
      return NOTHING;
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, outcome: answer(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
