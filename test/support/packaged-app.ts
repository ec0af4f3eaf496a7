import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { REPO_ROOT } from './temp-workspace';

/*
 * Packages the built app with electron-builder for Linux (`--dir`) against a stand-in Electron
 * distribution, since the real binary cannot be downloaded here, and lays the result out so
 * plain Node can run the packaged main-process code the way Electron's embedded Node would.
 */

/** @electron/fuses finds the wire after this marker in the Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's own defaults, in wire order (RunAsNode … GrantFileProtocolExtraPrivileges). */
const ELECTRON_DEFAULT_FUSES = '10110001';

/**
 * A folder electron-builder takes as an unpacked Electron (its `electronDist` option): an
 * `electron` launcher that runs Node, carrying a fuse wire in the layout Electron's binary has,
 * so electron-builder's electronFuses step really flips it and the test can read what it set.
 */
export function writeStandInElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([Buffer.from(`#!/bin/sh\n# fuse wire: ${FUSE_SENTINEL}`), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(`${ELECTRON_DEFAULT_FUSES}\n`)]);
  const file = path.join(dir, 'electron');
  writeFileSync(file, Buffer.concat([wire, Buffer.from(`exec "${process.execPath}" "$@"\n`)]));
  chmodSync(file, 0o755);
}

/** The fuse wire in a (stand-in) Electron binary as '0'/'1' characters. */
export function readFuseWire(binary: string): string {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = bytes[at + 1] ?? 0;
  return bytes.subarray(at + 2, at + 2 + length).toString('latin1');
}

export interface BuilderRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs the project's electron-builder with the project's config plus the stand-in and an output folder. */
export function runElectronBuilder(electronDist: string, outputDir: string): Promise<BuilderRun> {
  const cli = path.join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js');
  const args = [cli, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${outputDir}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Every path in app.asar (leading '/' dropped), and which of them live in app.asar.unpacked. */
export function archiveEntries(archive: string): { readonly all: ReadonlySet<string>; readonly unpacked: ReadonlySet<string> } {
  const all = new Set<string>();
  const unpacked = new Set<string>();
  for (const entry of listPackage(archive, { isPack: false })) {
    const name = entry.replace(/^[\\/]/, '');
    all.add(name);
    const stat = statFile(archive, name, false) as { unpacked?: boolean };
    if (stat.unpacked === true) unpacked.add(name);
  }
  return { all, unpacked };
}

/**
 * Electron reads files (and loads native addons) through the archive path, its asar layer
 * serving unpacked files from app.asar.unpacked; what it cannot do is execute a binary through
 * the archive path. Here the archive is extracted into a folder of the same name (so every path
 * the code computes is the packaged one) and its executable files are removed from that copy:
 * only their app.asar.unpacked twins can run, exactly as in the packaged app.
 */
export function layOutForNode(resourcesDir: string, layoutDir: string): string {
  const resources = path.join(layoutDir, 'resources');
  const archive = path.join(resourcesDir, 'app.asar');
  rmSync(layoutDir, { recursive: true, force: true });
  mkdirSync(resources, { recursive: true });
  const extracted = path.join(resources, 'app.asar');
  extractAll(archive, extracted);
  for (const name of archiveEntries(archive).unpacked) {
    const stat = statFile(archive, name, false) as { executable?: boolean };
    if (stat.executable === true) rmSync(path.join(extracted, name), { force: true });
  }
  symlinkSync(path.join(resourcesDir, 'app.asar.unpacked'), path.join(resources, 'app.asar.unpacked'));
  symlinkSync(path.join(resourcesDir, 'demo-workspace'), path.join(resources, 'demo-workspace'));
  return resources;
}

export interface PackagedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The packaged CLI (resources/app.asar/out/main/cli.js) under this Node, outside the source tree. */
export function runPackagedCli(resources: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<PackagedRun> {
  const cli = path.join(resources, 'app.asar', 'out', 'main', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing from the package.`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: resources, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
