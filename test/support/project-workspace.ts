import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from './temp-workspace';

/**
 * A temp project folder laid out as given: `{ 'package.json': '…', 'src/tools/echo.ts': '…' }`.
 * Objects are written as JSON. Removed after the test.
 */
export function makeProject(files: Record<string, string | object>): string {
  const root = tempDir('saraphina-project-');
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string | object>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/** Makes an installed package of the app available to a workspace, as `npm install` would. */
export function linkPackage(root: string, name: string): void {
  const target = path.join(root, 'node_modules', ...name.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules', ...name.split('/')), target);
}
