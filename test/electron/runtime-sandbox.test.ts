import { describe, expect, test } from 'vitest';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { startEngine } from '../support/engine';
import { makeProject } from '../support/project-workspace';

describe('the sandbox tests proposals for a project with nested folders', () => {
  test('a proposal for a nested module (named by suffix) passes, with top-level await and JSON in the project', { timeout: 60_000 }, async () => {
    const root = makeProject({
      'package.json': { name: 'nested', type: 'module' },
      'src/index.ts': "import { echo } from './tools/echo.js';\nimport settings from './config/settings.json';\nexport const run = () => echo(settings.greeting);\n",
      'src/tools/echo.ts': "const prefix = await Promise.resolve('echo: ');\nexport const echo = (text: string) => prefix + text;\n",
      'src/tools/echo.smoke.ts': "export default function smoke(m: { echo(t: string): string }) { if (!m.echo('x').endsWith('x')) throw new Error('echo'); }\n",
      'src/config/settings.json': { greeting: 'hi' },
    });
    const engine = await startEngine(root);
    const proposals = new ProposalService(engine, { sandbox: { timeoutMs: 30_000 } });
    const code = "export function shout(text: string): string {\n  return echo(text).toUpperCase();\n}\n";
    const proposal = proposals.create({ feature: 'Add shout', code, target: 'echo' });
    expect(proposal.targets.map((target) => target.module)).toEqual(['tools/echo']);
    const report = await proposals.sandbox(proposal.id);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.checks.map((check) => `${check.module ?? '-'}:${check.name}`)).toEqual(
      expect.arrayContaining(['tools/echo:compile', '-:load workspace', 'tools/echo:smoke test']),
    );
  });
});
