import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { AgentRuntime, type RuntimeOptions } from '../../electron/runtime/agent-runtime';
import { Workspace } from '../../electron/runtime/workspace';
import type { ModuleId } from '../../shared/ids';

const created: string[] = [];
const runtimes: AgentRuntime[] = [];

afterEach(() => {
  for (const runtime of runtimes.splice(0)) runtime.close();
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEMO_WORKSPACE = path.join(REPO_ROOT, 'resources', 'demo-workspace');

/** A fresh temp folder, removed after the test. */
export function tempDir(prefix = 'saraphina-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A temp workspace with the given module files (`{ a: 'export const x = 1' }` → modules/a.ts). */
export function makeWorkspace(modules: Record<string, string>): string {
  const root = tempDir();
  mkdirSync(path.join(root, 'modules'));
  for (const [name, source] of Object.entries(modules)) {
    writeFileSync(path.join(root, 'modules', name.includes('.') ? name : `${name}.ts`), source);
  }
  return root;
}

/** A temp copy of the bundled demo workspace (the shipped copy is never touched). */
export function copyDemoWorkspace(): string {
  const root = tempDir();
  cpSync(DEMO_WORKSPACE, root, { recursive: true });
  return root;
}

export async function openRuntime(root: string, options: RuntimeOptions = {}): Promise<AgentRuntime> {
  const runtime = await AgentRuntime.open(Workspace.open(root), options);
  runtimes.push(runtime);
  return runtime;
}

export const id = (value: string): ModuleId => value as ModuleId;
