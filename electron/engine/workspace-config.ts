import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { AgentLimits } from '../../shared/agent-status';
import type { ModuleId } from '../../shared/ids';

export const CONFIG_FILE = 'saraphina.config.json';

const limits = {
  /** Time limit of each check (health(), smoke test, extra checks), in ms. */
  checkTimeoutMs: z.number().int().positive().max(600_000).optional(),
  /** How long a new version stays on probation; 0 marks it stable at once. */
  probationMs: z.number().int().nonnegative().max(86_400_000).optional(),
  /** Allow a new version to drop exports the previous one had. */
  allowRemovedExports: z.boolean().optional(),
  /** Run the module's smoke test file as a check. */
  smokeTest: z.boolean().optional(),
  /** Extra exported functions to call (without arguments) as checks; each must not throw. */
  extraChecks: z.array(z.string().min(1)).optional(),
};

const configSchema = z
  .object({
    ...limits,
    /** How long a reload waits for calls into the old version to finish. */
    drainTimeoutMs: z.number().int().nonnegative().max(60_000).optional(),
    modules: z.record(z.string(), z.object(limits).strict()).optional(),
    /** Entry modules the agent starts from (ids or paths); read by the runtime's Workspace. */
    entry: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /**
     * A language model that drafts code proposals: an OpenAI-compatible chat-completions
     * endpoint. Off unless set. The key is read from the environment variable named here and
     * never stored in a file.
     */
    model: z
      .object({
        baseUrl: z.url({ protocol: /^https?$/ }),
        model: z.string().min(1).max(200),
        apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
        timeoutMs: z.number().int().positive().max(600_000).optional(),
      })
      .strict()
      .optional(),
    /** Limits of the agent process the control process supervises (memory, a stuck event loop, CPU, crash loops). */
    agent: z
      .object({
        memoryMb: z.number().int().min(64).max(65_536).optional(),
        unresponsiveMs: z.number().int().min(200).max(600_000).optional(),
        cpuPercent: z.number().int().min(5).max(100).nullable().optional(),
        crashLoopCount: z.number().int().min(1).max(100).optional(),
        crashLoopWindowMs: z.number().int().min(1000).max(3_600_000).optional(),
      })
      .strict()
      .optional(),
    /** The type-check gate before every change is published; `false` turns it off. */
    typeCheck: z.boolean().optional(),
    /** Limits of the sandbox that tests code proposals in a separate process. */
    sandbox: z
      .object({
        timeoutMs: z.number().int().positive().max(600_000).optional(),
        memoryMb: z.number().int().min(32).max(16_384).optional(),
        /** false runs proposals without the OS sandbox (bubblewrap); approval then needs --force. */
        osSandbox: z.boolean().optional(),
        /** Hosts proposal code may reach (`name` for ports 80/443, or `name:port`); none by default. */
        allowedHosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/, 'must be a host name or host:port')).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface ModelSettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKeyEnv: string;
  readonly timeoutMs: number;
}

export interface SandboxSettings {
  /** Wall-clock limit of one sandbox run; the process is killed after it. */
  readonly timeoutMs: number;
  /** Memory cap of the sandbox process: V8's old space, and (under the OS sandbox) its address space. */
  readonly memoryMb: number;
  /** Use the OS-level sandbox where the machine has one (bubblewrap on Linux). */
  readonly osSandbox: boolean;
  /** The only hosts the sandbox may reach, through the app's proxy (empty: no network). */
  readonly allowedHosts: readonly string[];
}

export interface ModuleSettings {
  readonly checkTimeoutMs: number;
  readonly probationMs: number;
  readonly allowRemovedExports: boolean;
  readonly smokeTest: boolean;
  readonly extraChecks: readonly string[];
}

export interface WorkspaceConfig {
  readonly drainTimeoutMs: number;
  settingsFor(module: ModuleId): ModuleSettings;
  /** The model that drafts proposals; null when none is configured (the default). */
  readonly model: ModelSettings | null;
  readonly sandbox: SandboxSettings;
  /** Type-check candidates before they are published (default true). */
  readonly typeCheck: boolean;
  /** Limits of the supervised agent process. */
  readonly agent: AgentLimits;
}

/** The agent process's limits when the config sets none. */
export const DEFAULT_AGENT_LIMITS: AgentLimits = { memoryMb: 4096, unresponsiveMs: 10_000, cpuPercent: null, crashLoopCount: 3, crashLoopWindowMs: 60_000 };

const DEFAULTS: ModuleSettings = {
  checkTimeoutMs: 2000,
  probationMs: 3000,
  allowRemovedExports: false,
  smokeTest: true,
  extraChecks: [],
};

/** Reads `saraphina.config.json` from the workspace root (optional; defaults apply without it). */
export function loadWorkspaceConfig(root: string): WorkspaceConfig {
  const file = path.join(root, CONFIG_FILE);
  const raw = existsSync(file) ? parse(file) : {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('CONFIG_ERROR', `${CONFIG_FILE}: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}.`, {
      hint: 'Fix the file or remove it to use the defaults.',
    });
  }
  const config = result.data;
  const { modules = {}, drainTimeoutMs = 1000, model, sandbox = {}, typeCheck = true, agent = {}, entry: _entry, ...workspaceWide } = config;
  return {
    drainTimeoutMs,
    settingsFor: (module) => ({ ...DEFAULTS, ...defined(workspaceWide), ...defined(modules[module] ?? bySuffix(modules, module) ?? {}) }),
    model: model === undefined ? null : { ...model, timeoutMs: model.timeoutMs ?? 60_000 },
    sandbox: { timeoutMs: sandbox.timeoutMs ?? 30_000, memoryMb: sandbox.memoryMb ?? 256, osSandbox: sandbox.osSandbox ?? true, allowedHosts: sandbox.allowedHosts ?? [] },
    typeCheck,
    agent: { ...DEFAULT_AGENT_LIMITS, ...Object.fromEntries(Object.entries(agent).filter(([, value]) => value !== undefined)) },
  };
}

function parse(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new AppError('CONFIG_ERROR', `${CONFIG_FILE} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Per-module settings may name a module by a suffix of its id (`knowledge_engine` for `agent/knowledge_engine`). */
function bySuffix<T>(modules: Record<string, T>, module: string): T | undefined {
  const key = Object.keys(modules).find((name) => module.endsWith(`/${name}`));
  return key === undefined ? undefined : modules[key];
}

/** Drops keys set to undefined, so they do not override defaults when spread. */
function defined(value: object): Partial<ModuleSettings> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<ModuleSettings>;
}
