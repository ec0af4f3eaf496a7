import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A temp folder that lives as long as the caller says (e.g. a whole suite's beforeAll/afterAll),
 * unlike temp-workspace.ts, whose folders are removed after every test.
 */
export function scratchDir(prefix: string): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }) };
}

/** Writes `modules/<id>.ts` for each entry under `root` and returns `root`. */
export function writeModules(root: string, modules: Readonly<Record<string, string>>): string {
  mkdirSync(path.join(root, 'modules'), { recursive: true });
  for (const [id, source] of Object.entries(modules)) writeFileSync(path.join(root, 'modules', `${id}.ts`), source);
  return root;
}
