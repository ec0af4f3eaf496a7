import { openEngine, type Engine } from '../engine/open-engine';
import type { RuntimeOptions } from '../runtime/agent-runtime';
import type { Prompter } from '../session/command';
import { SessionInterpreter } from '../session/interpreter';

/**
 * Everything the front ends (desktop window, headless host, terminal, CLI) run on, opened once
 * per workspace. Front ends get their services here rather than wiring engines themselves.
 */
export interface AppServices {
  readonly engine: Engine;
  /** Waits for the change in progress, then releases everything. */
  close(): Promise<void>;
  /** Releases everything now (app quit). */
  closeNow(): void;
}

export async function openAppServices(workspaceDir: string, runtimeOptions: RuntimeOptions = {}): Promise<AppServices> {
  const engine = await openEngine(workspaceDir, runtimeOptions);
  return {
    engine,
    close: () => engine.close(),
    closeNow: () => engine.closeNow(),
  };
}

/** The session interpreter on these services; `ask` answers its questions (or refuses them). */
export function createInterpreter(services: AppServices, ask: Prompter): SessionInterpreter {
  return new SessionInterpreter({ engine: services.engine, runtime: services.engine.runtime, ask });
}
