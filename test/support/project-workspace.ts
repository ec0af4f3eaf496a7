import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
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

/**
 * A real installed package of the app opened as a workspace: copied as npm installed it, its
 * dependencies and peers provided as `npm install` would, plus a saraphina.config.json.
 */
export function workspaceFromPackage(name: string, config: object): string {
  const root = tempDir('saraphina-real-');
  cpSync(path.join(REPO_ROOT, 'node_modules', ...name.split('/')), root, { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  // What `npm install` gives the package: its dependencies and its peers.
  for (const dependency of Object.keys({ ...manifest['dependencies'], ...manifest['peerDependencies'] })) linkPackage(root, dependency);
  writeFiles(root, { 'saraphina.config.json': { probationMs: 0, ...config } });
  return root;
}

/** Replaces `from` with `to` in a workspace file, which must contain it. */
export function edit(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const source = readFileSync(full, 'utf8');
  expect(source).toContain(from);
  writeFileSync(full, source.replace(from, to));
}
