/**
 * The agent's chat over HTTP: `POST /chat` with `{"message": "…"}` answers `{"reply": "…"}`,
 * `GET /status` answers the agent's status. The handlers call the agent through live imports,
 * so a reloaded module answers the next request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ChatAgent {
  ask(message: string): string;
  status(): unknown;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Starts listening; a port that is taken falls back to a free one (the log says which). */
export function startChatServer(agent: ChatAgent, host: string, port: number, log: (line: string) => void): Server {
  const server = createServer((request, response) => {
    void handle(agent, request, response);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' && port !== 0) {
      log(`chat: port ${port} is taken; listening on a free port instead`);
      server.listen(0, host);
    } else {
      log(`chat: server error: ${error.message}`);
    }
  });
  server.listen(port, host);
  return server;
}

/** `http://host:port` once listening, else null. */
export function urlOf(server: Server): string | null {
  const address = server.address();
  return address === null || typeof address === 'string' ? null : `http://${address.address}:${address.port}`;
}

async function handle(agent: ChatAgent, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    if (request.method === 'GET' && request.url === '/status') return reply(response, 200, agent.status());
    if (request.method !== 'POST' || request.url !== '/chat') return reply(response, 404, { error: 'Use POST /chat or GET /status.' });
    const body = JSON.parse(await readBody(request)) as { message?: unknown };
    if (typeof body.message !== 'string') return reply(response, 400, { error: 'Send {"message": "…"}.' });
    return reply(response, 200, { reply: agent.ask(body.message) });
  } catch (error) {
    return reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) reject(new Error('The message is too large.'));
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}
