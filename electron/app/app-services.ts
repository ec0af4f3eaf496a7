import { openEngine, type Engine, type EngineOptions } from '../engine/open-engine';
import { ProposalService, type ProposalServiceOptions } from '../proposals/proposal-service';
import type { Prompter } from '../session/command';
import { SessionInterpreter } from '../session/interpreter';

/**
 * Everything the front ends (desktop window, headless host, terminal, CLI) run on, opened once
 * per workspace. Front ends get their services here rather than wiring engines themselves.
 */
export interface AppServices {
  readonly engine: Engine;
  /** Code proposals: create, sandbox, approve, preview and apply (one service for every front end). */
  readonly proposals: ProposalService;
  /** Waits for the change in progress, then releases everything. */
  close(): Promise<void>;
  /** Releases everything now (app quit). */
  closeNow(): void;
}

export async function openAppServices(
  workspaceDir: string,
  runtimeOptions: EngineOptions = {},
  proposalOptions: ProposalServiceOptions = {},
): Promise<AppServices> {
  const engine = await openEngine(workspaceDir, runtimeOptions);
  return {
    engine,
    proposals: new ProposalService(engine, proposalOptions),
    close: () => engine.close(),
    closeNow: () => engine.closeNow(),
  };
}

/**
 * For a long-running front end (desktop, host, session): the services, with the type-check
 * worker building the workspace's programs in the background, so the first change is checked
 * warm. The front end owns its process, so the process moves into the workspace: packages the
 * agent uses (dotenv, relative reads) see the workspace root as the working directory too.
 */
export async function openWarmAppServices(workspaceDir: string, options: EngineOptions = {}): Promise<AppServices> {
  const services = await openAppServices(workspaceDir, { ...options, chdir: true });
  services.engine.typeGate.warmUp();
  return services;
}

/** The session interpreter on these services; `ask` answers its questions (or refuses them). */
export function createInterpreter(services: AppServices, ask: Prompter): SessionInterpreter {
  return new SessionInterpreter({ engine: services.engine, runtime: services.engine.runtime, proposals: services.proposals, ask });
}
