import { z } from 'zod';
import type { AgentStatus } from '../agent-status';
import { event, method, type ServiceSpec } from './define';

export type * from '../agent-status';

/**
 * The agent process, answered by the control process that supervises it (never by the agent,
 * so it answers while the agent is stopped, restarting or stuck).
 */
export const agentService = {
  methods: {
    agentStatus: method<AgentStatus>()(z.object({}).strict()),
    /**
     * Starts the agent again (after a crash loop, or to restart it). `restoreStable` first puts
     * every module back on its last stable version (what the crash-loop banner offers).
     */
    startAgent: method<AgentStatus>()(z.object({ restoreStable: z.boolean().optional() }).strict()),
  },
  events: {
    agentStatusChanged: event<AgentStatus>(),
  },
} as const satisfies ServiceSpec;

export type AgentService = typeof agentService;
