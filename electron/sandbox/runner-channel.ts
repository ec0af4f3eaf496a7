import { readSync, writeSync } from 'node:fs';
import type { SandboxCheck } from '../../shared/proposals';
import { ASSERTION_OPERATOR_LIMIT, ASSERTION_TEXT_LIMIT, CHECK_OUTPUT_LIMIT, REPORT_FD } from './protocol';

/*
 * The runner's side of the report channel, taken before any proposal code runs: the per-run
 * secret is read from stdin (never in a file, argument or environment variable) and each
 * message is written to its own pipe with a captured fs.writeSync, which proposal code cannot
 * reach into. Payloads are null-prototype objects of primitives, so a polluted
 * Object.prototype.toJSON is never consulted. A message without the secret fails the run.
 */

const stringify = JSON.stringify;
const create = Object.create as (proto: null) => Record<string, unknown>;
const write = writeSync;

export interface ReportChannel {
  check(check: SandboxCheck): void;
  done(checks: number): void;
}

export function openReportChannel(): ReportChannel {
  const secret = readSecret();
  const send = (payload: Record<string, unknown>): void => {
    const line = `${secret} ${stringify(payload)}\n`;
    for (let offset = 0; offset < line.length; ) offset += write(REPORT_FD, line.slice(offset));
  };
  return {
    check(check) {
      const body = create(null);
      body['name'] = String(check.name).slice(0, 200);
      body['module'] = check.module === null ? null : String(check.module);
      body['ok'] = check.ok === true;
      body['ms'] = Number(check.ms) || 0;
      body['output'] = String(check.output).slice(0, CHECK_OUTPUT_LIMIT);
      if (check.assertion !== undefined) {
        const assertion = create(null);
        assertion['operator'] = String(check.assertion.operator).slice(0, ASSERTION_OPERATOR_LIMIT);
        assertion['expected'] = String(check.assertion.expected).slice(0, ASSERTION_TEXT_LIMIT);
        assertion['actual'] = String(check.assertion.actual).slice(0, ASSERTION_TEXT_LIMIT);
        body['assertion'] = assertion;
      }
      const message = create(null);
      message['type'] = 'check';
      message['check'] = body;
      send(message);
    },
    done(checks) {
      const message = create(null);
      message['type'] = 'done';
      message['checks'] = checks;
      send(message);
    },
  };
}

function readSecret(): string {
  const buffer = Buffer.alloc(256);
  let text = '';
  while (!text.includes('\n')) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw error;
    }
    if (read === 0) break;
    text += buffer.toString('latin1', 0, read);
  }
  const secret = text.split('\n')[0] ?? '';
  if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error('The sandbox runner got no report secret on stdin.');
  return secret;
}
