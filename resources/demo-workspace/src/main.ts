/**
 * The agent's entry point (package.json `main`, built to dist/main.js): loads the agent and
 * serves its chat over HTTP on `chat.port` of config/agent.json (SARAPHINA_CHAT_PORT overrides
 * it; 0 picks a free port). Reload any module below it and the next request runs the new code.
 * This module owns the server, so it declines live replacement itself: restart the agent to
 * change it.
 */
import { once } from 'node:events';
import config from './config/agent.json' with { type: 'json' };
import './heartbeat';
import { ask, status } from './saraphina';
import { startChatServer, urlOf } from './server/chat_server';

hot.decline();

const port = Number(process.env['SARAPHINA_CHAT_PORT'] ?? config.chat.port);
const server = startChatServer({ ask: (message) => ask(message), status: () => status() }, config.chat.host, port, (line) => {
  console.error(line);
});
hot.dispose(() => {
  server.close();
  server.closeAllConnections();
});

/** Where the chat is served, e.g. http://127.0.0.1:4317 (once it listens). */
export async function chat_url(): Promise<string | null> {
  if (!server.listening) await once(server, 'listening');
  return urlOf(server);
}
