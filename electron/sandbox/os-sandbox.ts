import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { SandboxProtection, SandboxProtections } from '../../shared/proposals';
import type { SandboxSettings } from '../engine/workspace-config';
import type { SandboxUser } from './sandbox-user';
import type { ReadOnlyBind } from './workspace-copy';

/**
 * The OS layer of the proposal sandbox, driving bubblewrap directly (see README "Proposal
 * sandbox" for why not a wrapper library): own user, PID, network, IPC, UTS and cgroup
 * namespaces (no other process to signal or trace, no network), a filesystem of read-only
 * system folders plus the sandbox's own copy, a size-capped scratch tmpfs as HOME, and
 * rlimits set by util-linux `prlimit` (address space, so Buffers count; CPU seconds; file size;
 * process count). Node's permission model stays on inside as the second layer. When the app is
 * root, Linux would not apply the process count, so bubblewrap runs privileged (no user
 * namespace) and hands over to an unprivileged user (sandbox-user.ts) before the limits are set.
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
  /** Folders seen read-only (the workspace's node_modules over its placeholder in the copy). */
  readonly binds: readonly ReadOnlyBind[];
  /** Who the process runs as when the app is root; null: as the app's user. */
  readonly user: SandboxUser | null;
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
  // Without bubblewrap the app's own Node is often unreachable for another user (under /root).
  const user = bwrap === null ? null : layout.user;
  const protections = describe(bwrap !== null, prlimit !== null, permissionModel, limits, user !== null);
  if (bwrap === null) {
    const [command = process.execPath, ...args] = [...rlimits, ...node];
    return { command, args, protections };
  }
  const dropPrivileges = user?.dropPrivileges ?? [];
  return { command: bwrap, args: [...bubblewrapArgs(layout, user !== null), '--', ...dropPrivileges, ...rlimits, ...node], protections };
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

function bubblewrapArgs(layout: SandboxLayout, asSandboxUser: boolean): string[] {
  const execDir = path.dirname(process.execPath);
  const mount = mountPoints(asSandboxUser);
  return [
    // A user namespace would map the sandbox user back to root, whom no process count binds.
    ...(asSandboxUser
      ? ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try']
      : ['--unshare-all', '--unshare-user', '--disable-userns', '--cap-drop', 'ALL']),
    '--die-with-parent',
    '--new-session',
    ...SYSTEM_FOLDERS.flatMap((folder) => systemFolder(folder, mount)),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    ...mount(execDir),
    '--ro-bind',
    execDir,
    execDir,
    ...mount(layout.dir),
    '--ro-bind',
    layout.dir,
    layout.dir,
    ...layout.binds.flatMap((bind) => (underSystemFolder(bind.dest) ? [] : [...mount(bind.dest), '--ro-bind', bind.source, bind.dest])),
    '--perms',
    '1777',
    '--size',
    String(SCRATCH_MB * 1024 * 1024),
    '--tmpfs',
    layout.home,
    '--chdir',
    layout.dir,
  ];
}

/**
 * Folders bubblewrap creates on the way to a mount point get the mode of the host's (0700 for
 * /root): for the sandbox user they are created first, traversable. Folders already there
 * (system folders, /tmp, earlier mounts) are left as they are.
 */
function mountPoints(asSandboxUser: boolean): (dest: string) => string[] {
  const made = new Set<string>(['/', '/tmp']);
  return (dest) => {
    if (!asSandboxUser) return [];
    const args: string[] = [];
    for (let dir = path.dirname(dest); !made.has(dir) && !underSystemFolder(dir); dir = path.dirname(dir)) {
      made.add(dir);
      args.unshift('--perms', '0755', '--dir', dir);
    }
    made.add(dest);
    return args;
  };
}

function underSystemFolder(file: string): boolean {
  return SYSTEM_FOLDERS.some((folder) => file === folder || file.startsWith(`${folder}/`));
}

/** A system folder as the host has it: a symlink stays a symlink (usr-merged systems), a folder is bound read-only. */
function systemFolder(folder: string, mount: (dest: string) => string[] = () => []): string[] {
  try {
    const stat = lstatSync(folder);
    if (stat.isSymbolicLink()) return [...mount(folder), '--symlink', readlinkSync(folder), folder];
    return [...mount(folder), '--ro-bind', folder, folder];
  } catch {
    return [];
  }
}

function describe(os: boolean, rlimits: boolean, permissionModel: boolean, limits: SandboxSettings, sandboxUser: boolean): SandboxProtections {
  const uncapped = process.getuid?.() === 0 && !sandboxUser;
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
      ? { name: 'files', active: true, detail: 'sees only system folders, its copy and the workspace\'s node_modules (all read-only) and a 64 MB scratch folder' }
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
      active: rlimits && !uncapped,
      detail: !rlimits
        ? 'not capped by the OS (no prlimit); the permission model forbids child processes'
        : uncapped
          ? 'not capped by the OS (running as root without an OS sandbox); the permission model forbids child processes'
          : `at most ${PROCESS_LIMIT} threads and processes${sandboxUser ? ' (run as an unprivileged user: the app is root)' : ''}`,
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
    ...SYSTEM_FOLDERS.flatMap((folder) => systemFolder(folder)),
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
