import type { AgentCrashKind, AgentLimits } from '../../shared/agent-status';

const CPU_WINDOW_MS = 10_000;
const MIB = 1024 * 1024;

export interface Verdict {
  readonly kind: AgentCrashKind;
  readonly reason: string;
}

/**
 * Pings the agent and judges its answers: an event loop that does not answer within the limit,
 * a CPU average over the limit for 10 s, or a resident size over the memory limit ends the agent
 * (`kill` with the reason). Counts from the first sign of life (a pong, or any other message: the
 * loop ran to send it), so a slow start is not a stuck agent, and an agent that started within
 * one ping interval and then blocked at once (nothing answered yet) is still caught.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private lastAnswer: number | null = null;
  private nextPing = 0;
  private readonly samples: { at: number; cpuMicros: number }[] = [];

  constructor(
    private readonly limits: AgentLimits,
    private readonly ping: (id: number) => void,
    private readonly kill: (verdict: Verdict) => void,
  ) {}

  start(): void {
    const every = Math.max(50, Math.min(1000, Math.floor(this.limits.unresponsiveMs / 4)));
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The agent's event loop ran just now (it sent something). */
  alive(): void {
    this.lastAnswer = Date.now();
  }

  answered(cpuMicros: number, rssBytes: number): void {
    const now = Date.now();
    this.lastAnswer = now;
    this.samples.push({ at: now, cpuMicros });
    while (this.samples.length > 2 && (this.samples[1]?.at ?? now) <= now - CPU_WINDOW_MS) this.samples.shift();
    const verdict = this.overLimit(now, rssBytes);
    if (verdict !== null) this.end(verdict);
  }

  private tick(): void {
    const now = Date.now();
    if (this.lastAnswer !== null && now - this.lastAnswer > this.limits.unresponsiveMs) {
      this.end({ kind: 'unresponsive', reason: `event loop blocked for more than ${this.limits.unresponsiveMs} ms (watchdog)` });
      return;
    }
    this.ping(this.nextPing++);
  }

  private overLimit(now: number, rssBytes: number): Verdict | null {
    // The heap limit is V8's (--max-old-space-size); resident memory beyond it by this much is memory outside the heap (buffers, native).
    const limitBytes = Math.max(this.limits.memoryMb * 2, this.limits.memoryMb + 512) * MIB;
    if (rssBytes > limitBytes) {
      return { kind: 'memory-limit', reason: `memory limit: ${Math.round(rssBytes / MIB)} MB resident, over the limit of ${this.limits.memoryMb} MB` };
    }
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (this.limits.cpuPercent === null || first === undefined || last === undefined || last.at - first.at < CPU_WINDOW_MS * 0.9) return null;
    const percent = ((last.cpuMicros - first.cpuMicros) / 1000 / (last.at - first.at)) * 100;
    if (percent <= this.limits.cpuPercent) return null;
    return { kind: 'cpu-limit', reason: `CPU limit: ${Math.round(percent)}% of a core for ${Math.round((last.at - first.at) / 1000)} s (limit ${this.limits.cpuPercent}%)` };
  }

  private end(verdict: Verdict): void {
    this.stop();
    this.kill(verdict);
  }
}
