import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { agentPidOf } from '../support/agent-pid';
import { launchChromium } from '../support/chromium';
import { archiveEntries, layOutForNode, readFuseWire, runElectronBuilder, runPackagedCli, writeStandInElectron } from '../support/packaged-app';
import { scratchDir } from '../support/scratch-dir';
import { REPO_ROOT } from '../support/temp-workspace';

/*
 * What a packaged app is made of, proven without the Electron binary (it cannot be downloaded
 * here): electron-builder packages the built app for Linux against a stand-in Electron, and the
 * packaged main-process code then runs from that layout under this Node (the Node 24 that
 * Electron 45 embeds). What this cannot prove: Electron's own window, IPC and asar layer — the
 * desktop-window test covers those where an Electron binary is present.
 */

const BUILT = ['out/main/index.js', 'out/main/cli.js', 'out/main/sandbox-runner.cjs', 'out/preload/index.js', 'out/renderer/index.html'];
const PLATFORM_PACKAGE = `@esbuild/${process.platform}-${process.arch}`;
const SQLITE_BINARY = `node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`;
const ESBUILD_BINARY = `node_modules/${PLATFORM_PACKAGE}/bin/esbuild`;

let temp: ReturnType<typeof scratchDir> | undefined;
let resourcesDir = '';
let layout = '';

beforeAll(async () => {
  const missing = BUILT.filter((file) => !existsSync(path.join(REPO_ROOT, file)));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`npm run build\` before the e2e tests.`);
  temp = scratchDir('saraphina-package-');
  const dist = path.join(temp.dir, 'electron-dist');
  writeStandInElectron(dist);
  const run = await runElectronBuilder(dist, path.join(temp.dir, 'dist'));
  if (run.code !== 0) throw new Error(`electron-builder failed (exit ${run.code}):\n${run.output.slice(-4000)}`);
  resourcesDir = path.join(temp.dir, 'dist', 'linux-unpacked', 'resources');
  layout = layOutForNode(resourcesDir, path.join(temp.dir, 'layout'));
}, 300_000);

afterAll(() => temp?.remove());

describe('the packaged desktop app (electron-builder --linux dir)', () => {
  test('app.asar holds the main bundle, preload, renderer and sandbox runner; native binaries are unpacked; the demo is a resource', () => {
    const archive = path.join(resourcesDir, 'app.asar');
    const { all, unpacked } = archiveEntries(archive);
    for (const file of [...BUILT, 'package.json', 'node_modules/typescript/lib/typescript.js']) expect(all, file).toContain(file);
    expect([...all].filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const binary of [SQLITE_BINARY, ESBUILD_BINARY]) {
      expect(unpacked, binary).toContain(binary);
      expect(existsSync(path.join(resourcesDir, 'app.asar.unpacked', binary)), binary).toBe(true);
    }
    // One platform's prebuilt binary, and none of better-sqlite3's sources.
    expect(readdirSync(path.join(resourcesDir, 'app.asar.unpacked/node_modules/better-sqlite3/prebuilds'))).toEqual([path.basename(SQLITE_BINARY)]);
    expect([...all].some((file) => file.startsWith('node_modules/better-sqlite3/deps'))).toBe(false);
    expect(existsSync(path.join(resourcesDir, 'demo-workspace', 'src', 'knowledge_engine.ts'))).toBe(true);
    // Development-only packages stay out of the package.
    expect([...all].some((file) => /^node_modules\/(electron|vitest|react|monaco-editor)\//.test(file))).toBe(false);
  });

  test('electron-builder flips the fuses as electron-builder.yml says (run as Node on, NODE_OPTIONS and --inspect off)', () => {
    const wire = readFuseWire(path.join(resourcesDir, '..', 'saraphina-control-panel'));
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadFromAsar, V8Snapshot, FileProtocol
    expect(wire).toBe('11001101');
  });

  test('a binary cannot be executed through the archive path: esbuild from the archive copy fails without the app’s redirect', async () => {
    const script = `require(${JSON.stringify(path.join(layout, 'app.asar/node_modules/esbuild'))}).transformSync('let a = 1')`;
    const run = await runNode(['-e', script], { ESBUILD_BINARY_PATH: '' });
    expect(run.code).not.toBe(0);
  });

  test('the packaged code creates a workspace from the packaged demo, compiles with the packaged esbuild, stores versions in SQLite and runs a sandbox, ignoring developer overrides', { timeout: 120_000 }, async () => {
    const work = path.join(temp?.dir ?? '', 'work');
    mkdirSync(work, { recursive: true });
    const marker = path.join(work, 'planted-runner-ran');
    const planted = path.join(work, 'planted-runner.cjs');
    writeFileSync(planted, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`);
    const plantedDemo = path.join(work, 'planted-demo');
    mkdirSync(path.join(plantedDemo, 'src'), { recursive: true });
    writeFileSync(path.join(plantedDemo, 'package.json'), '{}\n');
    writeFileSync(path.join(plantedDemo, 'src', 'planted.ts'), 'export const planted = true;\n');
    // What someone who can set the app's environment would try; a packaged app ignores all three.
    const hostile = { SARAPHINA_SANDBOX_RUNNER: planted, SARAPHINA_DEMO_DIR: plantedDemo, ESBUILD_BINARY_PATH: '/bin/false' };

    const workspace = path.join(work, 'agent');
    const init = await runPackagedCli(layout, ['init', workspace, '--json'], hostile);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(path.join(workspace, 'src', 'knowledge_engine.ts'))).toBe(true);
    expect(existsSync(path.join(workspace, 'src', 'planted.ts'))).toBe(false);

    const ws = ['--workspace', workspace, '--json'];
    const modules = await runPackagedCli(layout, ['modules', ...ws], hostile);
    expect(modules.code, modules.stderr).toBe(0);
    const list = JSON.parse(modules.stdout) as { id: string; loaded: boolean; state: string }[];
    expect(list.find((module) => module.id === 'knowledge_engine')).toMatchObject({ loaded: true });

    const code = path.join(work, 'probe.ts');
    writeFileSync(code, "export function packaged_probe(): string {\n  return 'ok';\n}\n");
    const proposed = await runPackagedCli(layout, ['propose', '--feature', 'Packaged probe', '--file', code, ...ws], hostile);
    expect(proposed.code, proposed.stderr).toBe(0);
    const { id } = JSON.parse(proposed.stdout) as { id: string };
    const sandbox = await runPackagedCli(layout, ['sandbox', id, ...ws], hostile);
    expect(sandbox.code, `${sandbox.stdout}\n${sandbox.stderr}`).toBe(0);
    expect(JSON.parse(sandbox.stdout)).toMatchObject({ id, passed: true });
    expect(existsSync(marker)).toBe(false);

    const audit = await runPackagedCli(layout, ['audit', 'knowledge_engine', ...ws]);
    expect(audit.code, audit.stderr).toBe(0);
    expect((JSON.parse(audit.stdout) as { versions: unknown[] }).versions.length).toBeGreaterThan(0);
  });

  test('the packaged code serves the panel, with SQLite loaded from the packaged binary', { timeout: 120_000 }, async () => {
    const workspace = path.join(temp?.dir ?? '', 'served');
    expect((await runPackagedCli(layout, ['init', workspace])).code).toBe(0);
    const cli = path.join(layout, 'app.asar', 'out', 'main', 'cli.js');
    const env = { ...process.env, SARAPHINA_HOME: path.join(temp?.dir ?? '', 'home') };
    const serve = spawn(process.execPath, [cli, 'serve', '--workspace', workspace, '--json'], { cwd: layout, env, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const { url } = JSON.parse(await firstLine(serve)) as { url: string };
      // SQLite is loaded where the history is written: in the agent process serve supervises.
      const maps = readFileSync(`/proc/${agentPidOf(serve.pid)}/maps`, 'utf8');
      expect(maps).toContain(path.join(layout, 'app.asar', SQLITE_BINARY));
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(url);
        const modules = page.getByLabel('Modules', { exact: true });
        await modules.getByText('knowledge_engine', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
      } finally {
        await browser.close();
      }
    } finally {
      await stop(serve);
    }
  });
});

function runNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code }));
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (child.stdout === null) throw new Error('no stdout');
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
