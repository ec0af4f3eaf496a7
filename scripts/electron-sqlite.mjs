// better-sqlite3 is a native addon: the copy npm built serves plain Node (CLI, tests, headless
// host); Electron's main process needs one built for Electron's ABI. This builds that second copy
// in a cache folder, leaving the Node one untouched, and returns its path.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function electronSqliteBinding(root) {
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const sqliteDir = path.join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
  const target = path.join(root, 'node_modules', '.cache', 'saraphina', `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${process.platform}-${process.arch}.node`);
  if (existsSync(target)) return target;

  const work = mkdtempSync(path.join(os.tmpdir(), 'saraphina-sqlite-'));
  try {
    cpSync(sqliteDir, work, { recursive: true, filter: (source) => !source.includes(`${path.sep}build${path.sep}`) });
    const electronArgs = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch];
    const prebuilt = spawnSync(process.execPath, [path.join(root, 'node_modules', 'prebuild-install', 'bin.js'), ...electronArgs], { cwd: work, stdio: 'pipe' });
    if (prebuilt.status !== 0) {
      const nodeGyp = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
      const gyp = existsSync(nodeGyp) ? [process.execPath, [nodeGyp]] : ['npx', ['node-gyp']];
      const built = spawnSync(gyp[0], [...gyp[1], 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'pipe' });
      if (built.status !== 0) return null;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
