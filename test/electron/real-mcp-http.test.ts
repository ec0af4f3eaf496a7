import net from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, test } from 'vitest';
import { startEngine } from '../support/engine';
import { edit, workspaceFromPackage } from '../support/project-workspace';

/*
 * The MCP reference server, unmodified, served the way its README runs it: the streamable HTTP
 * transport on an express app listening on a fixed port (PORT), one MCP server per client
 * session. Clients are the SDK's own HTTP client.
 */

const portBefore = process.env['PORT'];
afterEach(() => {
  if (portBefore === undefined) delete process.env['PORT'];
  else process.env['PORT'] = portBefore;
});

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('an MCP server over HTTP on a fixed port: @modelcontextprotocol/server-everything (streamable HTTP, express)', () => {
  test('a tool reloads 10 times under steady traffic with no failed request; the entry itself reloads on the same port', { timeout: 120_000 }, async () => {
    const port = await freePort();
    process.env['PORT'] = String(port);
    const root = workspaceFromPackage('@modelcontextprotocol/server-everything', { entry: 'dist/transports/streamableHttp.js' });
    const engine = await startEngine(root);
    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    const session = async (): Promise<Client> => {
      const client = new Client({ name: 'test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(url));
      return client;
    };
    const sum = async (client: Client): Promise<string> => {
      const result = (await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } })) as { content: { text: string }[] };
      return result.content[0]?.text ?? '';
    };

    const steady = await session();
    expect(await sum(steady)).toBe('The sum of 2 and 3 is 5.');
    let answered = 0;
    const failures: string[] = [];
    let stop = false;
    const traffic = (async () => {
      while (!stop) {
        try {
          await sum(steady);
          answered += 1;
        } catch (error) {
          failures.push(String(error));
        }
      }
    })();
    let text = 'The sum of';
    for (let edition = 1; edition <= 10; edition++) {
      edit(root, 'dist/tools/get-sum.js', text, `Sum ${edition} of`);
      text = `Sum ${edition} of`;
      const result = await engine.reloads.hotReloadModule('dist/tools/get-sum');
      expect(result.error).toBeNull();
      // Only the tool re-ran: the server and its sessions kept running (live bindings).
      expect(result.reran?.map((rerun) => rerun.module)).toEqual(['dist/tools/get-sum']);
      const fresh = await session();
      expect(await sum(fresh)).toBe(`Sum ${edition} of 2 and 3 is 5.`);
      await fresh.close();
    }
    stop = true;
    await traffic;
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);

    // The entry: its top-level code listens on PORT again; the port is handed over, not refused.
    edit(root, 'dist/transports/streamableHttp.js', 'Starting Streamable HTTP server...', 'Starting the edited Streamable HTTP server...');
    const entry = await engine.reloads.hotReloadModule('dist/transports/streamableHttp');
    expect(entry.error).toBeNull();
    expect(entry.outcome).toBe('reloaded');
    const after = await session();
    expect(await sum(after)).toBe('Sum 10 of 2 and 3 is 5.');
    // No EADDRINUSE (its error handler would have called process.exit, refused and recorded).
    expect(engine.backgroundErrors.list()).toEqual([]);
    await Promise.all([steady.close().catch(() => undefined), after.close()]);
  });
});
