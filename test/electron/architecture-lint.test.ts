import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/*
 * The layer rule of eslint.config.mjs, run on fixture files placed (in memory only) inside
 * electron/: each upward import that would close a folder cycle is an error, each downward one
 * passes, and a folder without a rank is refused.
 */

const root = path.resolve(__dirname, '../..');
// The fixtures are not in any tsconfig, so the type-aware rules are off for them; the layer rule is not type-aware.
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId?.startsWith('boundaries/')).map((message) => message.message);
}

describe('electron/ folder layers', () => {
  it.each([
    ['electron/store/fixture.ts', "import { PRODUCT_NAME } from '../app/paths';\nexport const name = PRODUCT_NAME;\n", 'store/ may not import app/'],
    ['electron/services/fixture.ts', "import { Engine } from '../cli/main';\nexport type E = typeof Engine;\n", 'services/ may not import cli/'],
    ['electron/sandbox/fixture.ts', "import type { ApplyPlan } from '../proposals/apply-plan';\nexport type P = ApplyPlan;\n", 'sandbox/ may not import proposals/'],
    ['electron/session/fixture.ts', "import { toTransportable } from '../services/panel-handlers';\nexport const t = toTransportable;\n", 'session/ may not import services/'],
    ['electron/app/fixture.ts', "export { forwardPanelEvents } from '../services/panel-events';\n", 'app/ may not import services/'],
    ['electron/engine/fixture.ts', "export const load = () => import('../app/paths');\n", 'engine/ may not import app/'],
    ['electron/runtime/fixture.ts', "import { sha256 } from '../store/version-store';\nexport const h = sha256;\n", 'runtime/ may not import store/'],
  ])('refuses an import that closes a folder cycle: %s', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('lets a folder import the layers below it', async () => {
    const code = [
      "import { sha256 } from '../base/sha256';",
      "import { AgentRuntime } from '../runtime/agent-runtime';",
      "import { openStateDatabase } from '../store/database';",
      "import { runSandbox } from '../sandbox/run-sandbox';",
      'export const all = [sha256, AgentRuntime, openStateDatabase, runSandbox];',
      '',
    ].join('\n');
    expect(await layerErrors('electron/proposals/fixture.ts', code)).toEqual([]);
  });

  it('refuses a folder that has no rank in ELECTRON_LAYERS', async () => {
    const errors = await layerErrors('electron/agent-process/fixture.ts', "export const ready = true;\n");
    expect(errors).toHaveLength(1);
  });
});
