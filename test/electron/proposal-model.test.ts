import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { OpenAiCompatibleProvider } from '../../electron/proposals/model-provider';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { startEngine } from '../support/engine';
import { copyDemoWorkspace } from '../support/temp-workspace';

interface Seen {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: { model: string; messages: { role: string; content: string }[] };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A chat-completions stub on 127.0.0.1 that records what it was sent. */
async function stub(reply: (seen: Seen) => { status: number; body: unknown }): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const entry = { url: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(text) as Seen['body'] };
      seen.push(entry);
      const { status, body } = reply(entry);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

const CODE = "export function ke_status(): string {\n  return 'ok';\n}\n";
const TEST = "import assert from 'node:assert/strict';\nexport default function test(modules: any) {\n  assert.equal(modules.knowledge_engine.ke_status(), 'ok');\n}\n";
const answer = (content: string) => ({ status: 200, body: { choices: [{ message: { role: 'assistant', content } }] } });

describe('model provider', () => {
  test('generate sends the target source and exports, and turns the answer into a model proposal that passes its sandbox', async () => {
    const { baseUrl, seen } = await stub(() => answer(`Here you go:\n\`\`\`typescript\n${CODE}\`\`\`\n\`\`\`ts\n${TEST}\`\`\`\n`));
    const root = copyDemoWorkspace();
    writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ model: { baseUrl, model: 'stub-model', apiKeyEnv: 'SARAPHINA_STUB_KEY' } }));
    process.env['SARAPHINA_STUB_KEY'] = 'sk-stub';
    try {
      const engine = await startEngine(root);
      const proposals = new ProposalService(engine);
      const proposal = await proposals.generate({ feature: "Add helper function ke_status() returning 'ok'" });

      expect(proposal).toMatchObject({ source: 'model', code: CODE, tests: TEST, status: 'draft', targets: [{ module: 'knowledge_engine' }] });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.url).toBe('/v1/chat/completions');
      expect(seen[0]?.authorization).toBe('Bearer sk-stub');
      expect(seen[0]?.body.model).toBe('stub-model');
      const prompt = seen[0]?.body.messages.map((message) => message.content).join('\n') ?? '';
      expect(prompt).toContain("Add helper function ke_status() returning 'ok'");
      expect(prompt).toContain('export class KnowledgeEngine');
      expect(prompt).toMatch(/Its exports: .*count_facts \(function\)/);
      expect(prompt).toMatch(/export default function test\(modules\)/);
      const report = await proposals.sandbox(proposal.id);
      expect(report.checks.find((check) => check.name === 'proposal tests')).toMatchObject({ ok: true });
    } finally {
      delete process.env['SARAPHINA_STUB_KEY'];
    }
  });

  test('off by default: MODEL_NOT_CONFIGURED with a hint', async () => {
    const engine = await startEngine(copyDemoWorkspace());
    await expect(new ProposalService(engine).generate({ feature: 'anything' })).rejects.toMatchObject({
      code: 'MODEL_NOT_CONFIGURED',
      hint: expect.stringMatching(/saraphina\.config\.json/),
    });
  });

  test('HTTP errors, bad answers and a missing key are MODEL_ERROR / MODEL_NOT_CONFIGURED; the key never shows', async () => {
    const { baseUrl } = await stub((seen) =>
      seen.body.messages[0]?.content === 'unauthorized' ? { status: 401, body: { error: { message: 'bad key' } } } : answer('no code here'),
    );
    const settings = { baseUrl, model: 'm', apiKeyEnv: 'K', timeoutMs: 5000 };
    const provider = new OpenAiCompatibleProvider(settings, { K: 'sk-secret-value' });
    const failure = await provider.complete([{ role: 'user', content: 'unauthorized' }]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'MODEL_ERROR', message: expect.stringMatching(/HTTP 401: bad key/), hint: expect.stringMatching(/key in K/) });
    expect(JSON.stringify(failure)).not.toContain('sk-secret-value');
    expect(await provider.complete([{ role: 'user', content: 'hi' }])).toBe('no code here');
    await expect(new OpenAiCompatibleProvider(settings, {}).complete([])).rejects.toMatchObject({ code: 'MODEL_NOT_CONFIGURED' });
    const unreachable = new OpenAiCompatibleProvider({ ...settings, baseUrl: 'http://127.0.0.1:9/v1' }, { K: 'x' });
    await expect(unreachable.complete([])).rejects.toMatchObject({ code: 'MODEL_ERROR' });
  });
});
