import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { readModule, startEngine, writeModule } from '../support/engine';
import { copyDemoWorkspace } from '../support/temp-workspace';

const RELOADS = Number(process.env['RELOAD_LOAD_COUNT'] ?? 50);
const CLIENTS = 4;

/**
 * Acceptance (#9): the demo's chat endpoint keeps answering while knowledge_engine is reloaded
 * 50 times under load. Every request must succeed; each reload re-runs knowledge_engine only, so
 * the server (owned by the entry) is never restarted, and facts taught before are still known.
 */
test('the chat keeps answering, with zero failed requests, while knowledge_engine is reloaded 50 times under load', async () => {
  const root = copyDemoWorkspace();
  // The type-check gate has its own tests; here its compiler would compete with the load for the CPU.
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck: false }));
  const engine = await startEngine(root);
  const url = (await engine.runtime.call('main' as ModuleId, 'chat_url', [])) as string;
  const post = async (message: string): Promise<{ ok: boolean; reply?: string }> => {
    try {
      const response = await fetch(`${url}/chat`, { method: 'POST', body: JSON.stringify({ message }) });
      const body = (await response.json()) as { reply?: string };
      return { ok: response.status === 200 && typeof body.reply === 'string', ...(body.reply === undefined ? {} : { reply: body.reply }) };
    } catch {
      return { ok: false };
    }
  };
  expect((await post('remember the capital of France is Paris')).ok).toBe(true);

  let running = true;
  let answered = 0;
  const failures: string[] = [];
  const client = async (): Promise<void> => {
    while (running) {
      const answer = await post('What is the capital of France?');
      if (answer.ok && answer.reply?.includes('Paris') === true) answered += 1;
      else failures.push(answer.reply ?? 'no answer');
    }
  };
  const clients = Array.from({ length: CLIENTS }, () => client());

  const original = readModule(root, 'knowledge_engine');
  const outcomes: string[] = [];
  const reran = new Set<string>();
  for (let index = 1; index <= RELOADS; index += 1) {
    writeModule(root, 'knowledge_engine', `${original}\nexport function ke_generation(): number {\n  return ${index};\n}\n`);
    const result = await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 0 });
    outcomes.push(result.outcome);
    if (process.env['RELOAD_LOAD_DEBUG'] !== undefined) appendFileSync(process.env['RELOAD_LOAD_DEBUG'], `${result.durationMs} ${JSON.stringify(result.phases)} ${answered}\n`);
    for (const rerun of result.reran ?? []) reran.add(rerun.module);
  }
  running = false;
  await Promise.all(clients);

  expect(outcomes.filter((outcome) => outcome !== 'reloaded')).toEqual([]);
  expect(failures).toEqual([]);
  expect(answered).toBeGreaterThan(0);
  expect([...reran]).toEqual(['knowledge_engine']);
  expect(await engine.runtime.call('knowledge_engine' as ModuleId, 'ke_generation', [])).toBe(RELOADS);
  expect(((await (await fetch(`${url}/status`)).json()) as { facts: number }).facts).toBe(1);
}, 180_000);
