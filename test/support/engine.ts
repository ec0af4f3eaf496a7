import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { openEngine, type Engine } from '../../electron/engine/open-engine';
import type { RuntimeOptions } from '../../electron/runtime/agent-runtime';
import { Workspace } from '../../electron/runtime/workspace';

const engines: Engine[] = [];

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** Opens the engine on a workspace; closed after the test. */
export async function startEngine(root: string, options: RuntimeOptions = {}): Promise<Engine> {
  const engine = await openEngine(root, options);
  engines.push(engine);
  return engine;
}

/** Closes an engine before the test ends (to reopen the same workspace). */
export async function stopEngine(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1);
  await engine.close();
}

/** The file of a module (`knowledge_engine` → src/knowledge_engine.ts in the demo), by the workspace's own rules. */
export function moduleFile(root: string, module: string): string {
  const workspace = Workspace.open(root);
  return workspace.pathFor(workspace.parseModuleId(module));
}

export function readModule(root: string, module: string): string {
  return readFileSync(moduleFile(root, module), 'utf8');
}

export function writeModule(root: string, module: string, source: string): void {
  writeFileSync(moduleFile(root, module), source);
}
