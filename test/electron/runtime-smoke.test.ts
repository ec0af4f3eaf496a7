import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { AgentRuntime } from '../../electron/runtime/agent-runtime';
import { Workspace } from '../../electron/runtime/workspace';
import type { ModuleId } from '../../shared/ids';

test('loads a module and calls it', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sara-'));
  mkdirSync(path.join(root, 'modules'));
  writeFileSync(path.join(root, 'modules', 'a.ts'), 'export function hi(n: number): number { return n + 1; }\n');
  writeFileSync(path.join(root, 'modules', 'b.ts'), "import { hi } from './a';\nexport const twice = (n: number) => hi(hi(n));\n");
  const runtime = await AgentRuntime.open(Workspace.open(root));
  expect(await runtime.call('b' as ModuleId, 'twice', [1])).toBe(3);
  await runtime.swap('a' as ModuleId, 'export function hi(n: number): number { return n + 10; }\n');
  expect(await runtime.call('b' as ModuleId, 'twice', [1])).toBe(21);
  expect(runtime.graph.dependents('a' as ModuleId)).toEqual(['b']);
});
