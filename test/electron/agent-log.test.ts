import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AgentLog, AGENT_LOG_FILE, MAX_LINE_CHARS, PREVIOUS_AGENT_LOG_FILE } from '../../electron/logs/agent-log';
import { readAgentLogFiles } from '../../electron/logs/agent-log-files';
import type { AgentLogEntry } from '../../shared/agent-log';
import { tempDir } from '../support/temp-workspace';

/* The agent log keeps a bounded ring for the views and a capped, rotated JSON-lines file. */

const line = (text: string, level: AgentLogEntry['level'] = 'info') => ({ time: Date.now(), level, module: 'tools/echo', stream: 'console' as const, text });

describe('agent log', () => {
  test('the ring keeps the newest lines only; the file keeps every line until it is rotated', () => {
    const dir = tempDir();
    const log = new AgentLog(dir, { ringSize: 3 });
    for (let index = 1; index <= 5; index += 1) log.append(line(`line ${index}`));
    expect(log.entries().map((entry) => entry.text)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(log.entries({ search: 'LINE 4' }).map((entry) => entry.seq)).toEqual([4]);
    log.close();
    expect(readAgentLogFiles(dir).map((entry) => entry.text)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  test('the file is rotated past its cap: at most the current file and the one before it stay', () => {
    const dir = tempDir();
    const log = new AgentLog(dir, { maxFileBytes: 2_000 });
    for (let round = 0; round < 10; round += 1) {
      for (let index = 0; index < 5; index += 1) log.append(line(`${round}-${index} ${'x'.repeat(80)}`));
      log.flush();
    }
    log.close();
    expect(existsSync(path.join(dir, PREVIOUS_AGENT_LOG_FILE))).toBe(true);
    expect(statSync(path.join(dir, AGENT_LOG_FILE)).size).toBeLessThanOrEqual(2_000);
    const kept = readAgentLogFiles(dir).map((entry) => entry.text.slice(0, 3));
    expect(kept.at(-1)).toBe('9-4');
    expect(kept).not.toContain('0-0');
  });

  test('clear empties the views and tells them; the file keeps what was printed', () => {
    const dir = tempDir();
    const log = new AgentLog(dir);
    const changes: unknown[] = [];
    log.onDidChange((change) => changes.push(change));
    log.append(line('before', 'warn'));
    log.flush();
    log.clear();
    expect(log.entries()).toEqual([]);
    expect(changes).toEqual([{ appended: [expect.objectContaining({ text: 'before', level: 'warn' })] }, { cleared: true }]);
    log.close();
    expect(readAgentLogFiles(dir).map((entry) => entry.text)).toEqual(['before']);
  });

  test('a huge line is cut, saying how much was left out', () => {
    const log = new AgentLog(tempDir());
    const entry = log.append(line('y'.repeat(MAX_LINE_CHARS + 10)));
    expect(entry.text.endsWith('… (10 more characters)')).toBe(true);
    log.close();
  });
});
