import { cpSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, rmdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { TESTS_FILE } from './protocol';

/** A folder of the sandbox seen read-only at `dest`: a workspace node_modules, or a package it links to. */
export interface ReadOnlyBind {
  readonly source: string;
  readonly dest: string;
}

export interface WorkspaceCopy {
  /** node_modules folders and the packages they link to outside the workspace, to bind read-only. */
  readonly binds: readonly ReadOnlyBind[];
}

/**
 * A faithful copy of the project for a proposal's sandbox: every file a run can need (package.json
 * and its "type", tsconfig*, config and data files anywhere, the source root), so the copy opens
 * as the same workspace with the same ids. Left out: dot entries (`.git`, `.env` secrets, the app's
 * `.saraphina/` state), symlinks (they could name any file) and node_modules, which is never
 * copied: each one gets an empty folder that the OS sandbox binds the real one over, read-only
 * (`linkNodeModules` makes it a symlink where there is no OS sandbox).
 */
export function copyWorkspace(root: string, target: string): WorkspaceCopy {
  const binds: ReadOnlyBind[] = [];
  cpSync(root, target, {
    recursive: true,
    filter: (from) => {
      if (from === root) return true;
      const name = path.basename(from);
      if (name === 'node_modules') {
        const dest = path.join(target, path.relative(root, from));
        mkdirSync(dest, { recursive: true });
        const real = realOrNull(from);
        if (real !== null) binds.push({ source: real, dest }, ...linkedPackages(real, root));
        return false;
      }
      const entry = lstatSync(from);
      if (!entry.isFile() && !entry.isDirectory()) return false;
      return !name.startsWith('.') && name !== TESTS_FILE;
    },
  });
  return { binds: withoutNested(binds) };
}

/** Where there is no OS sandbox to bind with: each node_modules of the copy links to the real one. */
export function linkNodeModules(copy: WorkspaceCopy): void {
  for (const bind of copy.binds) {
    if (bind.source === bind.dest) continue; // a linked package, reached through the real node_modules
    rmdirSync(bind.dest); // the empty placeholder (rmdir refuses anything else)
    symlinkSync(bind.source, bind.dest, 'dir');
  }
}

/**
 * Packages installed as links to folders outside the workspace (`npm link`, a linked workspace
 * package named by absolute path): seen at their own path, read-only, so the links resolve; where
 * the package sits in a node_modules folder, all of it, as Node resolves the package's own
 * dependencies from there. A relative link into the workspace resolves inside the copy.
 */
function linkedPackages(nodeModules: string, root: string): ReadOnlyBind[] {
  const binds: ReadOnlyBind[] = [];
  const entries = readdirSync(nodeModules).flatMap((name) =>
    name.startsWith('@') && lstatSync(path.join(nodeModules, name)).isDirectory()
      ? readdirSync(path.join(nodeModules, name)).map((scoped) => path.join(nodeModules, name, scoped))
      : [path.join(nodeModules, name)],
  );
  for (const entry of entries) {
    if (!lstatSync(entry).isSymbolicLink()) continue;
    const real = realOrNull(entry);
    if (real === null) continue; // a dangling link stays dangling
    const relativeIntoWorkspace = !path.isAbsolute(readlinkSync(entry)) && isInside(root, real);
    if (relativeIntoWorkspace || isInside(nodeModules, real)) continue;
    const enclosing = enclosingNodeModules(real);
    binds.push(enclosing === null ? { source: real, dest: real } : { source: enclosing, dest: enclosing });
  }
  return binds;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `/x/node_modules` for `/x/node_modules/pkg` or `/x/node_modules/@scope/pkg`; else null. */
function enclosingNodeModules(packageDir: string): string | null {
  const parent = path.dirname(packageDir);
  if (path.basename(parent) === 'node_modules') return parent;
  const grandparent = path.dirname(parent);
  return path.basename(parent).startsWith('@') && path.basename(grandparent) === 'node_modules' ? grandparent : null;
}

/** Each source once, and none inside another bound at its own path. */
function withoutNested(binds: readonly ReadOnlyBind[]): ReadOnlyBind[] {
  const own = binds.filter((bind) => bind.source === bind.dest);
  const kept = binds.filter(
    (bind, index) =>
      binds.findIndex((other) => other.source === bind.source && other.dest === bind.dest) === index &&
      !own.some((other) => other !== bind && other.source !== bind.source && isInside(other.source, bind.dest)),
  );
  return kept;
}

function realOrNull(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}
