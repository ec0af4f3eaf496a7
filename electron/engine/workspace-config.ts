import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
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
  })
  .strict();

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
}

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
  const { modules = {}, drainTimeoutMs = 1000, ...workspaceWide } = config;
  return {
    drainTimeoutMs,
    settingsFor: (module) => ({ ...DEFAULTS, ...defined(workspaceWide), ...defined(modules[module] ?? {}) }),
  };
}

function parse(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new AppError('CONFIG_ERROR', `${CONFIG_FILE} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Drops keys set to undefined, so they do not override defaults when spread. */
function defined(value: object): Partial<ModuleSettings> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<ModuleSettings>;
}
