import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AgentRuntime } from '../../electron/runtime/agent-runtime';
import { Workspace } from '../../electron/runtime/workspace';
import type { ModuleId } from '../../shared/ids';

const SHIPPED = fileURLToPath(new URL('../../resources/demo-workspace', import.meta.url));
const AGENT_MODULES = ['conversation', 'heartbeat', 'knowledge_engine', 'reasoning', 'saraphina', 'server/chat_server', 'text_utils'];
const EXPECTED_MODULES = ['config/agent.json', 'conversation', 'heartbeat', 'knowledge_engine', 'main', 'reasoning', 'saraphina', 'server/chat_server', 'text_utils'];
const SMOKE_IDS = (readdirSync(path.join(SHIPPED, 'src'), { recursive: true }) as string[])
  .filter((name) => name.endsWith('.smoke.ts'))
  .map((name) => name.slice(0, -'.smoke.ts'.length).split(path.sep).join('/'))
  .sort();
const nodeRequire = createRequire(import.meta.url);

let root: string;
let runtime: AgentRuntime;

function id(value: string): ModuleId {
  return runtime.workspace.parseModuleId(value);
}

/** Compiles a smoke file the way the reload engine does and returns its default export. */
function loadSmoke(moduleId: string): (namespace: unknown) => void {
  const source = readFileSync(path.join(root, 'src', `${moduleId}.smoke.ts`), 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20' });
  // Only node:assert is allowed: a smoke test must not import the module it tests at run time.
  const guardedRequire = (specifier: string): unknown => {
    if (specifier !== 'node:assert/strict') throw new Error(`${moduleId}.smoke.ts requires "${specifier}"`);
    return nodeRequire(specifier);
  };
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', code)(module.exports, guardedRequire, module);
  const smoke = module.exports['default'];
  if (typeof smoke !== 'function') throw new Error(`${moduleId}.smoke.ts has no default export function`);
  return smoke as (namespace: unknown) => void;
}

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'sara-demo-'));
  cpSync(SHIPPED, root, { recursive: true });
  runtime = await AgentRuntime.open(Workspace.open(root));
});

afterEach(() => {
  runtime.close();
  rmSync(root, { recursive: true, force: true });
});

test('every demo module loads', () => {
  const ids = runtime.moduleIds();
  expect(ids).toEqual(EXPECTED_MODULES);
  for (const moduleId of ids) {
    const record = runtime.record(moduleId);
    expect(record?.lastError, moduleId).toBeNull();
    expect(record?.current, moduleId).toBeDefined();
  }
});

test('a real project: package.json main (dist/main.js) is the entry src/main.ts, which reaches every module', () => {
  expect(runtime.workspace.entryIds()).toEqual(['main']);
  expect(runtime.graph.dependencies(id('main'))).toEqual(['config/agent.json', 'heartbeat', 'saraphina', 'server/chat_server']);
  expect(id('chat_server')).toBe('server/chat_server');
});

test('the entry serves the chat over HTTP; a reloaded module answers the next request', async () => {
  const url = (await runtime.call(id('main'), 'chat_url', [])) as string;
  const chat = async (message: string): Promise<string> => {
    const response = await fetch(`${url}/chat`, { method: 'POST', body: JSON.stringify({ message }) });
    return ((await response.json()) as { reply: string }).reply;
  };
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await chat('remember the capital of France is Paris')).toMatch(/^Noted/);
  expect(await chat('What is the capital of France?')).toContain('Paris');
  const reasoning = id('reasoning');
  await runtime.swap(reasoning, `${runtime.workspace.readModuleSource(reasoning).replace("export function answer(", "export function answer_before(")}\nexport function answer(question: string): string {\n  return 'reloaded: ' + answer_before(question);\n}\n`);
  expect(await chat('What is the capital of France?')).toMatch(/^reloaded: .*Paris/);
  const status = (await (await fetch(`${url}/status`)).json()) as { facts: number };
  expect(status.facts).toBe(1);
});

test('knowledge_engine sits under the rest of the agent', () => {
  expect(runtime.graph.dependents(id('knowledge_engine'))).toEqual(['conversation', 'reasoning', 'saraphina']);
  expect(runtime.graph.dependencies(id('saraphina'))).toEqual(['conversation', 'knowledge_engine']);
  expect(runtime.graph.transitiveDependents(id('knowledge_engine'))).toEqual(['conversation', 'main', 'reasoning', 'saraphina']);
  expect(runtime.graph.dependencies(id('text_utils'))).toEqual([]);
  expect(runtime.graph.dependencies(id('heartbeat'))).toEqual([]);
});

test('facts are added, counted and found', async () => {
  expect(await runtime.call(id('knowledge_engine'), 'count_facts', [])).toBe(0);
  const fact = await runtime.call(id('knowledge_engine'), 'add_fact', ['Paris is the capital of France', ['geo']]);
  expect(fact).toMatchObject({ id: 1, text: 'Paris is the capital of France', tags: ['geo'] });
  expect(JSON.parse(JSON.stringify(fact))).toEqual(fact);
  expect(await runtime.call(id('knowledge_engine'), 'count_facts', [])).toBe(1);
  expect(await runtime.call(id('knowledge_engine'), 'search', ['capital of france?'])).toEqual([fact]);
  await expect(runtime.call(id('knowledge_engine'), 'add_fact', ['  '])).rejects.toThrow(/cannot be empty/);
});

test('facts survive a swap of knowledge_engine and importers call the new code', async () => {
  const engine = id('knowledge_engine');
  await runtime.call(engine, 'add_fact', ['Paris is the capital of France']);
  await runtime.call(engine, 'add_fact', ['Cats sleep most of the day']);
  const before = runtime.current(engine);
  const source = runtime.workspace.readModuleSource(engine);
  const appended = `${source}\nexport function fact_texts(): string[] {\n  return facts.map((fact) => fact.text);\n}\n`;

  await runtime.swap(engine, appended);

  expect(runtime.current(engine)).not.toBe(before);
  expect(await runtime.call(engine, 'count_facts', [])).toBe(2);
  expect(await runtime.call(engine, 'fact_texts', [])).toEqual(['Paris is the capital of France', 'Cats sleep most of the day']);
  await runtime.call(engine, 'health', []);
  expect(await runtime.call(engine, 'add_fact', ['Berlin is the capital of Germany'])).toMatchObject({ id: 3 });
  expect(await runtime.call(id('reasoning'), 'answer', ['What is the capital of Germany?'])).toContain('Berlin');
});

test('what the conversation is taught, the agent answers with', async () => {
  const reply = await runtime.call(id('conversation'), 'respond', ['remember the capital of France is Paris #geo']);
  expect(reply).toMatch(/^Noted \(fact #1\)/);
  expect(await runtime.call(id('saraphina'), 'ask', ['What is the capital of France?'])).toContain('Paris');
  expect(await runtime.call(id('saraphina'), 'ask', ['Who painted the Mona Lisa?'])).toMatch(/don't know/);
  expect(await runtime.call(id('saraphina'), 'status', [])).toMatchObject({ facts: 1, turns: 3 });
  expect(await runtime.call(id('conversation'), 'history', [])).toHaveLength(6);

  // The conversation keeps its history across a swap of its own module.
  await runtime.swap(id('conversation'));
  expect(await runtime.call(id('conversation'), 'history', [])).toHaveLength(6);
  expect(await runtime.call(id('saraphina'), 'status', [])).toMatchObject({ facts: 1, turns: 3 });
});

test('the heartbeat hands its count over and its old timer stops', async () => {
  vi.useFakeTimers();
  // A runtime of its own, opened on the fake clock so every heartbeat interval is a fake one.
  const faked = await AgentRuntime.open(Workspace.open(root));
  const heartbeat = id('heartbeat');
  try {
    vi.advanceTimersByTime(3000);
    expect(await faked.call(heartbeat, 'beats', [])).toBe(3);
    expect(vi.getTimerCount()).toBe(1);
    await faked.swap(heartbeat);
    expect(vi.getTimerCount()).toBe(1);
    expect(await faked.call(heartbeat, 'beats', [])).toBe(3);
    vi.advanceTimersByTime(2000);
    expect(await faked.call(heartbeat, 'beats', [])).toBe(5);
    expect(await faked.call(heartbeat, 'is_alive', [])).toBe(true);
  } finally {
    faked.close();
    vi.useRealTimers();
  }
});

describe('smoke tests', () => {
  test('every module but the entry (which declines reload) has one', () => {
    expect(SMOKE_IDS).toEqual(AGENT_MODULES);
  });

  test.each(SMOKE_IDS)('%s.smoke.ts passes against the loaded module', async (moduleId) => {
    // Some state first, so smoke tests are not only ever run against an empty agent.
    await runtime.call(id('saraphina'), 'ask', ['remember the sky is blue']);
    const facts = await runtime.call(id('knowledge_engine'), 'count_facts', []);
    const turns = await runtime.call(id('conversation'), 'history', []);

    const smoke = loadSmoke(moduleId);
    const started = performance.now();
    smoke(runtime.namespace(id(moduleId)));
    // The budget is 50 ms; the margin keeps a slow CI machine from failing the build.
    expect(performance.now() - started).toBeLessThan(250);

    // A smoke test may run beside the live agent: it must leave the agent's state alone.
    expect(await runtime.call(id('knowledge_engine'), 'count_facts', [])).toBe(facts);
    expect(await runtime.call(id('conversation'), 'history', [])).toEqual(turns);
  });
});
