import type { ServiceHandlers } from '../../shared/contract/define';
import type { PanelService } from '../../shared/contract/panel';
import type { AppServices } from '../app/app-services';
import { ConsoleSession } from './console-session';
import { createAutoReloadHandlers } from './auto-reload-handlers';
import { createHistoryHandlers } from './history-handlers';
import { describeOverview, describeOverviews } from './module-overview';
import { createProposalHandlers } from './proposal-handlers';
import { toTransportable } from '../base/transportable';
import { AppError } from '../../shared/errors';

/**
 * The panel contract implemented on the app's services; one instance serves Electron IPC and
 * the headless host alike.
 */
export function createPanelHandlers(services: AppServices, appVersion: string): ServiceHandlers<PanelService> {
  const { engine } = services;
  const { runtime } = engine;
  const consoleSession = new ConsoleSession(services);
  return {
    workspaceInfo: () => ({ root: runtime.workspace.root, appVersion, model: describeModel(services) }),
    listModules: () => describeOverviews(engine),
    loadModule: async ({ module }) => {
      const id = runtime.workspace.parseModuleId(module);
      await runtime.load(id);
      return describeOverview(engine, id);
    },
    callFunction: async ({ module, fn, args }) => {
      const id = runtime.workspace.parseModuleId(module);
      return toTransportable(await runtime.call(id, fn, args));
    },
    ...createHistoryHandlers(engine),
    ...createAutoReloadHandlers(engine),
    consoleExecute: ({ line }) => consoleSession.execute(line),
    consoleAnswer: ({ questionId, answer }) => consoleSession.answer(questionId, answer),
    consoleComplete: ({ line }) => consoleSession.complete(line),
    consoleRefuse: ({ questionId, message, hint }) => consoleSession.refuse(questionId, new AppError('USAGE', message, hint === undefined ? {} : { hint })),
    ...createProposalHandlers(engine, services.proposals),
    listAgentCrashes: ({ limit }) => engine.crashes.list(limit),
    listBackgroundErrors: ({ module, limit }) => {
      const id = module === null || module === undefined ? null : runtime.workspace.parseModuleId(module);
      const errors = engine.backgroundErrors.list(id, limit ?? 200);
      // A module since deleted may still have errors on record; a name that never was one is refused.
      if (id !== null && errors.length === 0) runtime.workspace.modulePath(id);
      return errors;
    },
    listLateCalls: () => engine.lateCalls.running(),
    agentLog: ({ limit }) => engine.agentLog.entries({}, limit),
    clearAgentLog: () => {
      engine.agentLog.clear();
      return null;
    },
  };
}

/** "model at https://…" when a model is configured for drafting proposals (never its key). */
function describeModel(services: AppServices): string | null {
  const model = services.engine.config.model;
  return model === null ? null : `${model.model} at ${model.baseUrl}`;
}
