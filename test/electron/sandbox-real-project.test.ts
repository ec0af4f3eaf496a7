import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { bubblewrap } from '../../electron/sandbox/os-sandbox';
import { startEngine } from '../support/engine';
import { makeProject } from '../support/project-workspace';
import { REPO_ROOT } from '../support/temp-workspace';

/*
 * A proposal for a project laid out as real ones are: package.json "type", a tsconfig with
 * paths, a JSON config beside src/, and a package installed in the project's node_modules (zod,
 * which the real-package tests' MCP SDK depends on, copied as npm installs it). The sandbox used
 * to copy only the source root, so such a proposal could not even load there.
 */
function realProject(): string {
  const root = makeProject({
    'package.json': { name: 'real-shape', type: 'module', dependencies: { zod: '*' } },
    'tsconfig.json': {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        strict: true,
        resolveJsonModule: true,
        skipLibCheck: true,
        baseUrl: '.',
        paths: { '@/*': ['./src/*'] },
      },
      include: ['src', 'config'],
    },
    'config/settings.json': { greeting: 'hello' },
    'src/index.ts': "import { greet } from '@/tools/greet';\nexport const run = (): string => greet('agent');\n",
    'src/tools/greet.ts': "import settings from '../../config/settings.json';\nexport function greet(name: string): string {\n  return `${settings.greeting}, ${name}`;\n}\n",
  });
  cpSync(path.join(REPO_ROOT, 'node_modules', 'zod'), path.join(root, 'node_modules', 'zod'), { recursive: true, dereference: true });
  return root;
}

const code = "import { z } from 'zod';\nexport function greetStrict(name: unknown): string {\n  return greet(z.string().min(1).parse(name));\n}\n";
const tests = `
type Greet = { greetStrict(name: unknown): string };
export default function (modules: Record<string, Greet>) {
  const greet = modules['tools/greet'] as Greet;
  if (greet.greetStrict('ada') !== 'hello, ada') throw new Error('greetStrict: ' + greet.greetStrict('ada'));
  let refused = false;
  try { greet.greetStrict(''); } catch { refused = true; }
  if (!refused) throw new Error('zod did not refuse an empty name');
}
`;

describe('the sandbox runs a proposal against a faithful copy of a real project', () => {
  test('a proposal importing a workspace package passes, with tsconfig paths and a JSON config outside src/', { timeout: 90_000 }, async () => {
    const root = realProject();
    const manifest = path.join(root, 'node_modules', 'zod', 'package.json');
    const before = readFileSync(manifest);
    const engine = await startEngine(root);
    expect(engine.runtime.record('index' as never)?.lastError ?? null).toBeNull();
    const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 60_000 } });
    const proposal = proposals.create({ feature: 'Validate names with zod', code, tests, target: 'greet' });

    const report = await proposals.sandbox(proposal.id);

    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.checks.map((check) => `${check.module ?? '-'}:${check.name}`)).toEqual(
      expect.arrayContaining(['tools/greet:compile', '-:load workspace', 'tools/greet:exports kept', '-:proposal tests']),
    );
    if (bubblewrap() !== null) expect(report.protections?.osSandbox).toBe('bubblewrap');
    // The package was read where it is installed, never written.
    expect(readFileSync(manifest)).toEqual(before);
  });

  test.runIf(bubblewrap() !== null)('node_modules is read-only inside: a proposal cannot change an installed package', { timeout: 90_000 }, async () => {
    const root = realProject();
    const manifest = path.join(root, 'node_modules', 'zod', 'package.json');
    const before = readFileSync(manifest);
    const engine = await startEngine(root);
    // Permission model off would not matter: the bind itself is read-only.
    const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 60_000 } });
    const attack = `
import fs from 'node:fs';
import path from 'node:path';
export default function () {
  const target = path.join(process.cwd(), 'workspace', 'node_modules', 'zod', 'package.json');
  try { fs.writeFileSync(target, 'owned'); } catch (error) { throw new Error('write refused: ' + (error as NodeJS.ErrnoException).code); }
  throw new Error('write went through');
}
`;
    const proposal = proposals.create({ feature: 'tamper', code: 'export const innocent = true;\n', tests: attack, target: 'greet' });
    const report = await proposals.sandbox(proposal.id);
    expect(report.passed).toBe(false);
    expect(report.checks.find((check) => check.name === 'proposal tests')?.output).toMatch(/write refused: (EROFS|ERR_ACCESS_DENIED)/);
    expect(readFileSync(manifest)).toEqual(before);
  });
});
