import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { SandboxProtection, SandboxProtections } from '../../shared/proposals';
import type { SandboxSettings } from '../engine/workspace-config';

/**
 * The OS layer of the proposal sandbox, driving bubblewrap directly (see README "Proposal
 * sandbox" for why not a wrapper library): own user, PID, network, IPC, UTS and cgroup
 * namespaces (no other process to signal or trace, no network), a filesystem of read-only
 * system folders plus the sandbox's own copy, a size-capped scratch tmpfs as HOME, and
 * rlimits set by util-linux `prlimit` (address space, so Buffers count; CPU seconds; file size;
 * process count). Node's permission model stays on inside as the second layer.
 */

/** V8 reserves about 1.1 GB of address space before any allocation (code range, heap cages). */
export const ADDRESS_SPACE_RESERVE_MB = 1400;
const SCRATCH_MB = 64;
const FILE_SIZE_MB = 32;
const PROCESS_LIMIT = 64;
const BWRAP_CANDIDATES = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
const PRLIMIT_CANDIDATES = ['/usr/bin/prlimit', '/bin/prlimit'];
const SYSTEM_FOLDERS = ['/usr', '/lib', '/lib64', '/lib32', '/bin', '/sbin', '/etc/ld.so.cache', '/etc/alternatives'];

export interface SandboxLayout {
  /** The sandbox folder (workspace copy, job); read-only inside. */
  readonly dir: string;
  /** Scratch HOME and TMPDIR (inside `dir`); a fresh size-capped tmpfs inside. */
  readonly home: string;
  /** The private folder holding the runner; read-only inside. */
  readonly runnerDir: string;
  /** node flags, the runner and its arguments. */
  readonly nodeArgs: readonly string[];
}

export interface SandboxCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly protections: SandboxProtections;
}

/** The command that runs `node nodeArgs` in the strongest sandbox this machine offers. */
export function sandboxCommand(layout: SandboxLayout, limits: SandboxSettings, permissionModel: boolean): SandboxCommand {
  const bwrap = limits.osSandbox ? bubblewrap() : null;
  const prlimit = findExecutable(PRLIMIT_CANDIDATES);
  const rlimits = prlimit === null ? [] : [prlimit, ...rlimitArgs(limits), '--'];
  const node = [process.execPath, ...layout.nodeArgs];
  const protections = describe(bwrap !== null, prlimit !== null, permissionModel, limits);
  if (bwrap === null) {
    const [command = process.execPath, ...args] = [...rlimits, ...node];
    return { command, args, protections };
  }
  return { command: bwrap, args: [...bubblewrapArgs(layout), '--', ...rlimits, ...node], protections };
}

function rlimitArgs(limits: SandboxSettings): string[] {
  const mib = 1024 * 1024;
  const cpuSeconds = Math.ceil(limits.timeoutMs / 1000) + 1;
  return [
    `--as=${(limits.memoryMb + ADDRESS_SPACE_RESERVE_MB) * mib}`,
    `--cpu=${cpuSeconds}`,
    `--fsize=${FILE_SIZE_MB * mib}`,
    `--nproc=${PROCESS_LIMIT}`,
    '--core=0',
  ];
}

function bubblewrapArgs(layout: SandboxLayout): string[] {
  const execDir = path.dirname(process.execPath);
  return [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    ...SYSTEM_FOLDERS.flatMap(systemFolder),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--ro-bind',
    execDir,
    execDir,
    '--ro-bind',
    layout.runnerDir,
    layout.runnerDir,
    '--ro-bind',
    layout.dir,
    layout.dir,
    '--size',
    String(SCRATCH_MB * 1024 * 1024),
    '--tmpfs',
    layout.home,
    '--chdir',
    layout.dir,
  ];
}

/** A system folder as the host has it: a symlink stays a symlink (usr-merged systems), a folder is bound read-only. */
function systemFolder(folder: string): string[] {
  try {
    const stat = lstatSync(folder);
    if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(folder), folder];
    return ['--ro-bind', folder, folder];
  } catch {
    return [];
  }
}

function describe(os: boolean, rlimits: boolean, permissionModel: boolean, limits: SandboxSettings): SandboxProtections {
  const asRoot = process.getuid?.() === 0;
  const noOs = 'no OS sandbox: proposal code could';
  const list: SandboxProtection[] = [
    os
      ? { name: 'processes', active: true, detail: 'own PID namespace: no other process can be seen, signalled or traced' }
      : { name: 'processes', active: false, detail: `${noOs} signal or trace your other processes` },
    os
      ? {
          name: 'network',
          active: true,
          detail:
            limits.allowedHosts.length === 0
              ? 'own network namespace: no network at all'
              : `own network namespace: only ${limits.allowedHosts.join(', ')} (sandbox.allowedHosts), through the app's proxy`,
        }
      : { name: 'network', active: false, detail: `${noOs} open network connections` },
    os
      ? { name: 'files', active: true, detail: 'sees only system folders (read-only), its copy (read-only) and a 64 MB scratch folder' }
      : permissionModel
        ? { name: 'files', active: true, detail: "Node's permission model only: reads and writes confined to the sandbox folder" }
        : { name: 'files', active: false, detail: `${noOs} read and write your files` },
    {
      name: 'permission model',
      active: permissionModel,
      detail: permissionModel ? 'no child processes, workers, addons or inspector' : "this Node has no permission model",
    },
    rlimits
      ? { name: 'memory', active: true, detail: `address space capped (${limits.memoryMb} MB + V8's reservations): Buffers count` }
      : { name: 'memory', active: true, detail: `V8 heap only (${limits.memoryMb} MB): Buffers are not capped` },
    { name: 'CPU time', active: rlimits, detail: rlimits ? `${Math.ceil(limits.timeoutMs / 1000) + 1} s of CPU, then killed` : 'wall-clock limit only' },
    {
      name: 'process count',
      active: rlimits && !asRoot,
      detail: rlimits && !asRoot ? `at most ${PROCESS_LIMIT} threads and processes` : 'not capped by the OS (running as root); the permission model forbids child processes',
    },
  ];
  return { osSandbox: os ? 'bubblewrap' : null, list };
}

let probed: string | null | undefined;

/** bubblewrap's path when it exists and can create the namespaces here (not in every container); else null. */
export function bubblewrap(): string | null {
  if (probed !== undefined) return probed;
  probed = null;
  if (process.platform !== 'linux') return probed;
  const bwrap = findExecutable(BWRAP_CANDIDATES);
  if (bwrap === null) return probed;
  const execDir = path.dirname(process.execPath);
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--cap-drop',
    'ALL',
    ...SYSTEM_FOLDERS.flatMap(systemFolder),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--ro-bind',
    execDir,
    execDir,
    '--',
    process.execPath,
    '-e',
    '0',
  ];
  const probe = spawnSync(bwrap, args, { env: { PATH: process.env['PATH'] ?? '', ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore', timeout: 10_000 });
  if (probe.status === 0) probed = bwrap;
  return probed;
}

function findExecutable(candidates: readonly string[]): string | null {
  return candidates.find((file) => existsSync(file)) ?? null;
}
