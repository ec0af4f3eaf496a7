import { chmodSync, chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Linux applies RLIMIT_NPROC to every user but root, so when the app runs as root (CI, a
 * container) the sandbox process drops to an unprivileged user of its own before the limits are
 * set: util-linux `setpriv`, run by bubblewrap inside the sandbox's namespaces. The id is one no
 * account uses, so the process count is the sandbox's alone and nothing else can be signalled
 * or read as that user; the sandbox's files stay owned by root and are opened to its group for
 * reading only.
 */
export interface SandboxUser {
  readonly uid: number;
  readonly gid: number;
  /** The setpriv command that runs the rest of the command line as this user. */
  readonly dropPrivileges: readonly string[];
}

/** Far above any account (useradd stops at 60000; container ranges start at 100000, 65536 wide). */
export const SANDBOX_ID = 2_000_000_000;
const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv'];

/** The user the sandbox runs as when the app is root on Linux and setpriv exists; else null (run as is). */
export function sandboxUser(): SandboxUser | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const setpriv = SETPRIV_CANDIDATES.find((file) => existsSync(file));
  if (setpriv === undefined) return null;
  return {
    uid: SANDBOX_ID,
    gid: SANDBOX_ID,
    dropPrivileges: [
      setpriv,
      `--reuid=${SANDBOX_ID}`,
      `--regid=${SANDBOX_ID}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--no-new-privs',
      '--',
    ],
  };
}

/**
 * Lets the sandbox's group read the folder (files, folders and the proxy socket, which a
 * client must be able to write to connect); the owner stays root, so the sandbox cannot change
 * modes or write. Symlinks are left alone (the copy has none; node_modules is bound over an empty folder).
 */
export function grantRead(dir: string, user: SandboxUser): void {
  const entry = lstatSync(dir);
  if (entry.isSymbolicLink()) return;
  chownSync(dir, 0, user.gid);
  if (entry.isSocket()) return chmodSync(dir, 0o660);
  if (!entry.isDirectory()) return chmodSync(dir, (entry.mode & 0o700) | 0o040);
  chmodSync(dir, (entry.mode & 0o700) | 0o050);
  for (const name of readdirSync(dir)) grantRead(path.join(dir, name), user);
}
