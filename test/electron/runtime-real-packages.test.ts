import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../electron/engine/open-engine';
import { describeModules } from '../../electron/runtime/module-info';
import { startEngine } from '../support/engine';
import { edit, workspaceFromPackage } from '../support/project-workspace';
import { id } from '../support/temp-workspace';

/*
 * Real, public packages no one here wrote, opened unmodified as workspaces: each package folder
 * is copied as npm installed it, its dependencies are provided as `npm install` would, and the
 * only thing added is a saraphina.config.json naming the entry.
 */

async function reloadAndExpect(engine: Engine, module: string): Promise<void> {
  const result = await engine.reloads.hotReloadModule(module);
  expect(result.error).toBeNull();
  expect(result.outcome).toBe('reloaded');
}

async function rollBackToFirst(engine: Engine, module: string): Promise<void> {
  const first = engine.rollback.getVersionHistory(module).at(-1);
  expect(first?.reason).toBe('first recorded version');
  const result = await engine.rollback.rollbackToVersion(first!.versionId);
  expect(result.reload?.outcome).toBe('reloaded');
}

describe('a tool server on an agent SDK: @modelcontextprotocol/server-everything (ESM JavaScript, nested folders)', () => {
  const connect = async (engine: Engine): Promise<Client> => {
    const { server } = (await engine.runtime.call(id('dist/server/index'), 'createServer', [])) as { server: { connect(t: unknown): Promise<void> } };
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
    return client;
  };
  const echo = async (client: Client): Promise<string> => {
    const result = (await client.callTool({ name: 'echo', arguments: { message: 'hi' } })) as { content: { text: string }[] };
    return result.content[0]?.text ?? '';
  };

  test('lists its modules, serves tools, reloads an edited tool while a session runs, rolls back', { timeout: 60_000 }, async () => {
    const root = workspaceFromPackage('@modelcontextprotocol/server-everything', { entry: 'dist/server/index.js' });
    const engine = await startEngine(root);
    const modules = describeModules(engine.runtime);
    const loaded = (module: string): boolean | undefined => modules.find((info) => info.id === module)?.loaded;
    expect(loaded('dist/server/index')).toBe(true);
    expect(loaded('dist/tools/echo')).toBe(true);
    expect(loaded('dist/transports/stdio')).toBe(false);
    expect(modules.some((info) => info.id.includes('__tests__'))).toBe(false);

    const running = await connect(engine);
    expect((await running.listTools()).tools.map((tool) => tool.name)).toContain('echo');
    expect(await echo(running)).toBe('Echo: hi');

    edit(root, 'dist/tools/echo.js', 'Echo: ${', 'Echo (edited): ${');
    await reloadAndExpect(engine, 'tools/echo');
    const next = await connect(engine);
    expect(await echo(next)).toBe('Echo (edited): hi');
    expect(await echo(running)).toBe('Echo: hi');

    await rollBackToFirst(engine, 'dist/tools/echo');
    expect(await echo(await connect(engine))).toBe('Echo: hi');
    await Promise.all([running.close(), next.close()]);
  });
});

describe('a chat-bot framework: telegraf (its published TypeScript sources, CommonJS package)', () => {
  test('a bot handles updates through its middleware; an edited formatting leaf reloads under the running bot; rollback', { timeout: 60_000 }, async () => {
    const root = workspaceFromPackage('telegraf', { entry: 'src/index.ts' });
    const engine = await startEngine(root);
    const { runtime } = engine;
    expect(runtime.record(id('index'))?.lastError ?? null).toBeNull();
    expect(describeModules(runtime).find((info) => info.id === 'core/helpers/formatting')?.loaded).toBe(true);

    const telegraf = runtime.namespace(id('index')) as {
      Telegraf: new (token: string) => {
        botInfo?: unknown;
        on(filter: unknown, handler: (ctx: { message: { text: string } }) => void): void;
        handleUpdate(update: object): Promise<void>;
      };
      Format: { bold(text: string): { entities?: { type: string }[] } };
    };
    const format = runtime.namespace(id('format')) as { bold(text: string): { text: string; entities?: { type: string }[] } };
    const bot = new telegraf.Telegraf('123456:TEST');
    bot.botInfo = { id: 1, is_bot: true, first_name: 'bot', username: 'test_bot' };
    const seen: string[] = [];
    bot.on('text', (ctx) => {
      const formatted = format.bold(ctx.message.text);
      seen.push(`${formatted.text}:${formatted.entities?.[0]?.type}`);
    });
    const update = (text: string, updateId: number) => ({
      update_id: updateId,
      message: { message_id: updateId, date: 0, chat: { id: 1, type: 'private', first_name: 'a' }, from: { id: 1, is_bot: false, first_name: 'a' }, text },
    });
    await bot.handleUpdate(update('hello', 1));
    expect(seen).toEqual(['hello:bold']);

    edit(root, 'src/core/helpers/formatting.ts', 'type: kind,', "type: kind === 'bold' ? 'italic' : kind,");
    await reloadAndExpect(engine, 'formatting');
    await bot.handleUpdate(update('again', 2));
    expect(seen.at(-1)).toBe('again:italic');

    await rollBackToFirst(engine, 'core/helpers/formatting');
    await bot.handleUpdate(update('back', 3));
    expect(seen.at(-1)).toBe('back:bold');
  });
});

describe('an agent toolkit: the AI SDK `ai` (its published TypeScript sources, ESM, 400 files)', () => {
  test('runs a tool-calling agent loop on a mock model; an edited stop condition reloads between runs; rollback', { timeout: 90_000 }, async () => {
    const root = workspaceFromPackage('ai', { entry: ['src/index.ts', 'src/test/mock-language-model-v4.ts'] });
    const engine = await startEngine(root);
    const { runtime } = engine;
    expect(runtime.record(id('index'))?.lastError ?? null).toBeNull();
    const ai = runtime.namespace(id('index')) as {
      generateText(options: object): Promise<{ steps: unknown[]; text: string }>;
      tool(definition: object): unknown;
      jsonSchema(schema: object): unknown;
    };
    const { MockLanguageModelV4 } = runtime.namespace(id('test/mock-language-model-v4')) as { MockLanguageModelV4: new (options: object) => object };
    const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
    // A model that asks for the lookup tool on every step: only the stop condition ends the loop.
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        content: [{ type: 'tool-call', toolCallId: `c${Math.random()}`, toolName: 'lookup', input: '{"q":"weather"}' }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        warnings: [],
      }),
    });
    const looked: string[] = [];
    const tools = {
      lookup: ai.tool({
        inputSchema: ai.jsonSchema({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }),
        execute: async ({ q }: { q: string }) => {
          looked.push(q);
          return `sunny (${q})`;
        },
      }),
    };
    const run = async (): Promise<number> => (await ai.generateText({ model, tools, prompt: 'weather?' })).steps.length;
    expect(await run()).toBe(1);
    expect(looked).toEqual(['weather']);

    edit(root, 'src/generate-text/stop-condition.ts', 'steps.length === stepCount', 'steps.length === stepCount + 2');
    await reloadAndExpect(engine, 'generate-text/stop-condition');
    expect(await run()).toBe(3);

    await rollBackToFirst(engine, 'generate-text/stop-condition');
    expect(await run()).toBe(1);
  });
});
