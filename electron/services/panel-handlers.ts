import type { ServiceHandlers } from '../../shared/contract/define';
import type { PanelService } from '../../shared/contract/panel';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { describeModule, describeModules } from '../runtime/module-info';
import { toTransportable } from './transportable';

/** The panel contract implemented on the runtime; one instance serves Electron IPC and the host. */
export function createPanelHandlers(runtime: AgentRuntime, appVersion: string): ServiceHandlers<PanelService> {
  return {
    workspaceInfo: () => ({ root: runtime.workspace.root, appVersion }),
    listModules: () => describeModules(runtime),
    loadModule: async ({ module }) => {
      const id = runtime.workspace.parseModuleId(module);
      await runtime.load(id);
      return describeModule(runtime, id);
    },
    callFunction: async ({ module, fn, args }) => {
      const id = runtime.workspace.parseModuleId(module);
      return toTransportable(await runtime.call(id, fn, args));
    },
  };
}
