import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as EsbuildRegister from 'esbuild-register/dist/node';
import { roundOptionsFromArgs, runRound, type ReloadDriver } from './round';

/*
 * The peers, each in its own process on its own copy of the same workspace, reloading through
 * its own documented mechanism: invalidate core and its importers, import the dependents again.
 */

interface Dep1 {
  use1(n: number): number;
  keep(): unknown;
}

const DEPENDENTS = ['dep1', 'dep2', 'dep3'];

async function viteModuleRunner(modules: string): Promise<ReloadDriver> {
  const { createServer, createServerModuleRunner } = await import('vite');
  const server = await createServer(viteConfig(modules));
  const environment = server.environments.ssr;
  const runner = createServerModuleRunner(environment, { hmr: false });
  const load = async () => (await Promise.all(DEPENDENTS.map((name) => runner.import(`/${name}.ts`))))[0] as Dep1;
  const kept = [(await load()).keep()];
  const core = path.join(modules, 'core.ts');
  return {
    reloadAndCall: async () => {
      for (const node of environment.moduleGraph.getModulesByFile(core) ?? []) environment.moduleGraph.invalidateModule(node);
      // Core and everything that imports it, as Vite's own HMR propagation would.
      const pending = [...(runner.evaluatedModules.getModulesByFile(core) ?? [])];
      const seen = new Set<string>();
      while (pending.length > 0) {
        const node = pending.pop();
        if (node === undefined || seen.has(node.id)) continue;
        seen.add(node.id);
        runner.evaluatedModules.invalidateModule(node);
        for (const importer of node.importers) {
          const parent = runner.evaluatedModules.getModuleById(importer);
          if (parent !== undefined) pending.push(parent);
        }
      }
      return (await load()).use1(1);
    },
    close: async () => {
      kept.length = 0;
      await runner.close();
      await server.close();
    },
  };
}

async function viteNode(modules: string): Promise<ReloadDriver> {
  const { createServer } = await import('vite');
  const { ViteNodeServer } = await import('vite-node/server');
  const { ViteNodeRunner } = await import('vite-node/client');
  const server = await createServer(viteConfig(modules));
  const node = new ViteNodeServer(server);
  const runner = new ViteNodeRunner({
    root: server.config.root,
    base: server.config.base,
    fetchModule: (id) => node.fetchModule(id),
    resolveId: (id, importer) => node.resolveId(id, importer),
  });
  const load = async () => (await Promise.all(DEPENDENTS.map((name) => runner.executeFile(path.join(modules, `${name}.ts`)))))[0] as Dep1;
  const kept = [(await load()).keep()];
  const core = path.join(modules, 'core.ts');
  return {
    reloadAndCall: async () => {
      // vite-node compares millisecond timestamps; one past now keeps a same-millisecond fetch from looking fresh.
      for (const mod of server.moduleGraph.getModulesByFile(core) ?? []) server.moduleGraph.invalidateModule(mod, new Set(), Date.now() + 1);
      runner.moduleCache.invalidateDepTree([core]);
      return (await load()).use1(1);
    },
    close: async () => {
      kept.length = 0;
      await server.close();
    },
  };
}

async function requireCache(modules: string): Promise<ReloadDriver> {
  const require = createRequire(import.meta.url);
  const { register } = require('esbuild-register/dist/node') as typeof EsbuildRegister;
  const { unregister } = register({ target: 'node22', format: 'cjs', extensions: ['.ts'] });
  const files = ['core', ...DEPENDENTS].map((name) => path.join(modules, `${name}.ts`));
  const load = () => (files.slice(1).map((file) => require(file) as Dep1))[0] as Dep1;
  const kept = [load().keep()];
  return {
    reloadAndCall: async () => {
      for (const file of files) delete require.cache[file];
      return load().use1(1);
    },
    close: async () => {
      kept.length = 0;
      unregister();
    },
  };
}

/** hot-hook (run with tsx and hot-hook/register, HOT_HOOK_WATCH=false): told of the change as its CLI would tell it. */
async function hotHook(modules: string): Promise<ReloadDriver> {
  let invalidated: (() => void) | null = null;
  // hot-hook reports "invalidated" through process.send; with no IPC channel we take the message here.
  (process as { send?: (message: { type?: string }) => boolean }).send = (message) => {
    if (message.type === 'hot-hook:invalidated') invalidated?.();
    return true;
  };
  // hot-hook's message ports are unref'd: something must keep the process up while its loader answers.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const urls = DEPENDENTS.map((name) => pathToFileURL(path.join(modules, `${name}.ts`)).href);
  const load = async () => (await Promise.all(urls.map((url) => import(url, { with: { hot: 'true' } }) as Promise<Dep1>)))[0] as Dep1;
  const kept = [(await load()).keep()];
  const core = path.join(modules, 'core.ts');
  return {
    reloadAndCall: async () => {
      const done = new Promise<void>((resolve) => (invalidated = resolve));
      process.emit('message', { type: 'hot-hook:file-changed', path: core }, undefined);
      await done;
      return (await load()).use1(1);
    },
    close: async () => {
      kept.length = 0;
      clearInterval(keepAlive);
    },
  };
}

function viteConfig(root: string) {
  return {
    root,
    configFile: false as const,
    logLevel: 'silent' as const,
    appType: 'custom' as const,
    server: { middlewareMode: true, hmr: false, watch: null, ws: false as const },
    optimizeDeps: { noDiscovery: true, include: [] },
  };
}

const DRIVERS: Record<string, (modules: string) => Promise<ReloadDriver>> = {
  'hot-hook': hotHook,
  'vite-module-runner': viteModuleRunner,
  'vite-node': viteNode,
  'require-cache': requireCache,
};

async function main(): Promise<void> {
  const options = roundOptionsFromArgs(process.argv.slice(2));
  const create = DRIVERS[options.system];
  if (create === undefined) throw new Error(`unknown system ${options.system}`);
  const driver = await create(path.join(options.root, 'modules'));
  process.stdout.write(`${JSON.stringify(await runRound(driver, options))}\n`);
  process.exit(0);
}

void main();
