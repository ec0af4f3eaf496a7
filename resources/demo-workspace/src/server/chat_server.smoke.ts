import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type * as Module from './chat_server';

export default function smoke(m: typeof Module): void {
  const listening = { address: () => ({ address: '127.0.0.1', family: 'IPv4', port: 4317 }) } as unknown as Server;
  assert.equal(m.urlOf(listening), 'http://127.0.0.1:4317');
  const closed = { address: () => null } as unknown as Server;
  assert.equal(m.urlOf(closed), null);
  assert.equal(typeof m.startChatServer, 'function');
}
