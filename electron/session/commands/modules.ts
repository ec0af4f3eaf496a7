import type { ModuleInfo } from '../../../shared/contract/panel';
import { shortHash } from '../../../shared/ids';
import { describeModule, describeModules } from '../../runtime/module-info';
import { defineCommand } from '../command';
import { requirePositional } from './arguments';

export const modulesCommand = defineCommand<ModuleInfo[]>({
  name: 'modules',
  usage: '/modules',
  summary: 'List the workspace modules with hash, state and dependencies.',
  run: async (_command, { runtime }) => describeModules(runtime),
  format: (modules) => modules.map(formatModuleLine).join('\n') || '(no modules)',
});

export const loadCommand = defineCommand<ModuleInfo>({
  name: 'load',
  usage: '/load <module>',
  summary: 'Load a module whose file was added since the session started.',
  run: async (command, { runtime }) => {
    const id = runtime.workspace.parseModuleId(requirePositional(command, 0, 'module', '/load <module>'));
    await runtime.load(id);
    return describeModule(runtime, id);
  },
  format: (module) => `loaded ${formatModuleLine(module)}`,
});

function formatModuleLine(module: ModuleInfo): string {
  const hash = module.hash === null ? '--------' : shortHash(module.hash);
  const deps = module.dependencies.length > 0 ? ` imports ${module.dependencies.join(', ')}` : '';
  const users = module.dependents.length > 0 ? ` used by ${module.dependents.join(', ')}` : '';
  const error = module.lastError === null ? '' : ` — ${module.lastError.message}`;
  return `${module.id.padEnd(20)} ${hash} ${module.state.padEnd(10)}${deps}${users}${error}`;
}
