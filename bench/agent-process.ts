import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEngine } from '../electron/engine/open-engine';
import { AgentSupervisor } from '../electron/supervisor/agent-supervisor';
import type { Envelope } from '../shared/result';
import { largeModule, reloadWorkloadFiles, workspaceWith } from './generate';
import { percentile, spread, timeEach, type Spread } from './measure';

/*
 * What the process boundary costs: the reload workload and a call driven through the
 * supervised agent process exactly as the panel drives them, and how long the demo agent takes
 * to serve again after it is killed.
 */

export interface AgentProcessFigures {
  /** Reload p50 per round, end to end: the request crosses into the agent and the answer back. */
  readonly reloadP50: Spread;
  /** The same with a panel listening: the agent then computes the views' events after each reload. */
  readonly reloadWithPanelP50: Spread;
  /** A call into the agent from the control process, and the same call made in-process. */
  readonly callRemoteP50: Spread;
  readonly callLocalP50: Spread;
  /** From SIGKILL of the demo agent until it serves again (ready on its last stable code). */
  readonly restartMs: Spread;
}

const ROUNDS = 3;

function valueOf(envelope: Envelope<unknown>): unknown {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

export async function measureAgentProcess(): Promise<AgentProcessFigures> {
  const root = workspaceWith(reloadWorkloadFiles());
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck: false, probationMs: 0 }));
  const reloadRounds: number[] = [];
  const panelRounds: number[] = [];
  const remoteRounds: number[] = [];
  const supervisor = await AgentSupervisor.start({ root, appVersion: 'bench' });
  const call = { method: 'callFunction', input: { module: 'dep1', fn: 'use1', args: [3] } };
  try {
    const file = path.join(root, 'modules', 'core.ts');
    let generation = 1;
    const reloadOnce = async () => {
      writeFileSync(file, largeModule(generation++));
      const result = valueOf(await supervisor.dispatch({ method: 'reloadModule', input: { module: 'core' } })) as { outcome: string };
      if (result.outcome !== 'reloaded') throw new Error(`reload through the agent process: ${result.outcome}`);
    };
    await timeEach(20, reloadOnce);
    for (let round = 0; round < ROUNDS; round += 1) {
      reloadRounds.push(percentile(await timeEach(100, reloadOnce), 50));
      const stopListening = supervisor.onEvent(() => undefined);
      panelRounds.push(percentile(await timeEach(100, reloadOnce), 50));
      stopListening();
      remoteRounds.push(percentile(await timeEach(500, async () => valueOf(await supervisor.dispatch(call))), 50));
    }
  } finally {
    await supervisor.close();
  }
  const localRounds = await localCalls(root);
  rmSync(root, { recursive: true, force: true });
  return { reloadP50: spread(reloadRounds), reloadWithPanelP50: spread(panelRounds), callRemoteP50: spread(remoteRounds), callLocalP50: spread(localRounds), restartMs: spread(await restartsOfTheDemo()) };
}

async function localCalls(root: string): Promise<number[]> {
  const engine = await openEngine(root);
  try {
    const rounds: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) rounds.push(percentile(await timeEach(500, () => engine.runtime.call('dep1' as never, 'use1', [3])), 50));
    return rounds;
  } finally {
    await engine.close();
  }
}

/** 10 kills of the demo agent; each sample is kill → serving again. */
async function restartsOfTheDemo(): Promise<number[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'saraphina-bench-demo-'));
  cpSync(path.resolve(__dirname, '..', '..', 'resources', 'demo-workspace'), root, { recursive: true });
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ agent: { crashLoopCount: 100 } }));
  const supervisor = await AgentSupervisor.start({ root, appVersion: 'bench' });
  const samples: number[] = [];
  try {
    for (let index = 0; index < 10; index += 1) {
      const pid = supervisor.status().pid;
      if (pid === null) throw new Error('the demo agent is not running');
      const serving = new Promise<void>((resolve) => {
        const stop = supervisor.onEvent((event, payload) => {
          if (event === 'agentStatusChanged' && (payload as { state: string }).state === 'running') {
            stop();
            resolve();
          }
        });
      });
      const started = performance.now();
      process.kill(pid, 'SIGKILL');
      await serving;
      samples.push(performance.now() - started);
    }
  } finally {
    await supervisor.close();
    rmSync(root, { recursive: true, force: true });
  }
  return samples;
}
