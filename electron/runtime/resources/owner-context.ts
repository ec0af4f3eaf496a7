import { AsyncLocalStorage } from 'node:async_hooks';
import type { VersionResources } from './version-resources';

/*
 * Which module version is running. Top-level code runs inside `runOwned`, so everything it
 * starts asynchronously (timers, servers, their connections, promise chains) carries the
 * version along: a server created by a package (express, ws) is still owned by the version
 * whose code asked for it, and a background error is attributed to it.
 */
const owners = new AsyncLocalStorage<VersionResources>();

/**
 * The version whose top-level code is running synchronously right now. Listeners added to
 * shared emitters are tracked only then: later registrations made on every request would pile
 * up for the lifetime of the version.
 */
let loading: VersionResources | null = null;

/**
 * How deep in app or package code called from module code we are (the runtime compiling an
 * imported module, a package's own load): a worker or emitter made there is no version's.
 */
let outsideVersions = 0;

export function runOwned<T>(owner: VersionResources, run: () => T): T {
  const outer = loading;
  const outerOutside = outsideVersions;
  loading = owner;
  outsideVersions = 0;
  try {
    return owners.run(owner, run);
  } finally {
    loading = outer;
    outsideVersions = outerOutside;
  }
}

/** Runs `run` as work of `owner` (a connection its server accepted), not as its top-level code. */
export function runInOwnerContext<T>(owner: VersionResources, run: () => T): T {
  return owners.run(owner, run);
}

/**
 * Runs app or package code that module code called, with no version loading: a package's own
 * load time, or the runtime compiling an imported module (esbuild starts its worker then), is
 * shared by every version.
 */
export function runUnowned<T>(run: () => T): T {
  const outer = loading;
  loading = null;
  outsideVersions += 1;
  try {
    return run();
  } finally {
    loading = outer;
    outsideVersions -= 1;
  }
}

/** The version that started the work running now, or undefined (app code, packages' own timers). */
export function currentOwner(): VersionResources | undefined {
  return loading ?? owners.getStore();
}

export function loadingOwner(): VersionResources | null {
  return loading;
}

/** The version whose code (top-level or later work) is making something now, outside app and package code. */
export function creatingOwner(): VersionResources | null {
  return outsideVersions > 0 ? null : (loading ?? owners.getStore() ?? null);
}

/**
 * Runs `run` and then puts the owner state back as it was, even where a time limit stopped
 * code inside it mid-way (such code runs no `finally`, so a `runOwned` in it never ended).
 */
export function keepingOwnerState<T>(run: () => T): T {
  const outer = loading;
  const outerOutside = outsideVersions;
  try {
    return owners.run(owners.getStore() as VersionResources, run);
  } finally {
    loading = outer;
    outsideVersions = outerOutside;
  }
}
