import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createInterpreter } from '../../electron/app/app-services';
import { ConsoleSession } from '../../electron/services/console-session';
import { toJsonAnswer } from '../../electron/session/terminal';
import type { Prompter } from '../../electron/session/command';
import { startServices } from '../support/app-services';
import { writeModule } from '../support/engine';
import { makeWorkspace } from '../support/temp-workspace';

/*
 * One interpreter decides what a plain-language line means, for the terminal (and `session
 * --json`) and the panel's console alike: a phrase runs the same command in both, a request gets
 * the same suggestion in both, and a line neither understands is refused the same way.
 */

const V1 = 'export function hi(n: number): number { return n + 1; }\n';
const V2 = 'export function hi(n: number): number { return n + 2; }\n';

const refuse: Prompter = async (question, { flag }) => {
  throw new Error(`asked "${question}" (${flag})`);
};

async function setup() {
  const root = makeWorkspace({ a: V1, b: "import { hi } from './a';\nexport function twice(n: number): number { return hi(hi(n)); }\n" });
  writeFileSync(path.join(root, 'saraphina.config.json'), '{ "probationMs": 0 }');
  const services = await startServices(root);
  writeModule(root, 'a', V2);
  await services.engine.reloads.hotReloadModule('a');
  return { services, terminal: createInterpreter(services, refuse), panel: new ConsoleSession(services) };
}

describe('plain language, one decision for terminal and panel', () => {
  test.each([
    ['list modules', '/modules'],
    ['history of a', '/history a'],
    ['call b.twice 1', '/call b.twice 1'],
    ['audit a', '/audit-code a'],
    ['turn on auto-reload', '/auto-reload on'],
    ['auto-reload', '/auto-reload'],
  ])('the phrase "%s" runs %s in both', async (line, command) => {
    const { terminal, panel } = await setup();
    const inTerminal = await terminal.execute(line);
    const inPanel = await panel.execute(line);
    expect(toJsonAnswer(inTerminal)).toMatchObject({ ok: true, command });
    expect(inTerminal.ok && inTerminal.text.startsWith(`→ ${command}\n`)).toBe(true);
    expect(inPanel).toMatchObject({ kind: 'done', ok: true, command });
    expect(inPanel.kind === 'done' && inPanel.ok ? inPanel.result : null).toEqual(inTerminal.ok ? JSON.parse(JSON.stringify(inTerminal.result ?? null)) : undefined);
  });

  test('"roll back a" names the version before the current code in both; each asks before changing anything', async () => {
    const { services, terminal, panel } = await setup();
    const previous = services.engine.versions.lastStableOtherThan('a' as never, services.engine.versions.current('a' as never)?.hash ?? ('' as never));
    const command = `/rollback ${previous?.versionId}`;
    const inTerminal = await terminal.execute('roll back a');
    expect(inTerminal).toMatchObject({ ok: false, error: { message: expect.stringContaining('asked "Restore') } });
    expect(await panel.execute('roll back a')).toMatchObject({ kind: 'question', command, flag: '--yes' });
    expect(terminal.commandFor('roll back a')).toBe(command);
  });

  test('a request gets the same suggestion in both, and runs nothing', async () => {
    const { terminal, panel } = await setup();
    const inTerminal = await terminal.execute('what changed in a?');
    const inPanel = await panel.execute('what changed in a?');
    expect(inTerminal).toMatchObject({ ok: true, result: { suggestion: { command: '/audit-code a' } } });
    expect(inPanel).toMatchObject({ kind: 'done', ok: true, command: 'what changed in a?', result: { suggestion: { command: '/audit-code a' } } });
  });

  test('a line neither understands is refused the same way', async () => {
    const { terminal, panel } = await setup();
    expect(await terminal.execute('make it faster')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await panel.execute('make it faster')).toMatchObject({ kind: 'done', ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });
});
