/**
 * The agent's entry point: what the panel, the terminal and the CLI call.
 * Swap any module below it and the next `ask` runs the new code; uptime survives swaps too.
 */
import { exchange_count, respond } from './conversation';
import { count_facts } from './knowledge_engine';

export interface AgentStatus {
  facts: number;
  turns: number;
  uptimeMs: number;
}

export const MAX_MESSAGE_LENGTH = 4000;

const startedAt = typeof hot.data.startedAt === 'number' ? hot.data.startedAt : Date.now();
hot.dispose((data) => {
  data.startedAt = startedAt;
});

/** Sends a message to the agent and returns its reply. */
export function ask(message: string): string {
  if (typeof message !== 'string') throw new TypeError('ask needs a message string.');
  if (message.trim() === '') throw new Error('The message is empty.');
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new Error(`The message is too long (${String(message.length)} > ${String(MAX_MESSAGE_LENGTH)} characters).`);
  }
  return respond(message);
}

export function status(): AgentStatus {
  return { facts: count_facts(), turns: exchange_count(), uptimeMs: Date.now() - startedAt };
}
