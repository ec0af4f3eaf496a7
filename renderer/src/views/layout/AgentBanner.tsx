import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { subscribe, type Transport } from '../../../../shared/contract/client';
import type { AgentService, AgentStatus } from '../../../../shared/contract/agent';
import type { ServiceClient } from '../../../../shared/contract/define';
import { describeFailure } from '../../store/describe-failure';

/*
 * What the control process says of the agent process: nothing while it runs; while it restarts
 * after a crash, why; after a crash loop (repair mode: no agent code runs), why, with one action
 * to put every module back on its last stable version and start again, or to start as it is.
 */

interface AgentLink {
  readonly client: ServiceClient<AgentService>;
  readonly transport: Transport;
  /** The agent serves again (after a restart): the views fetch their state afresh. */
  readonly onServing: () => void;
}

const AgentLinkContext = createContext<AgentLink | null>(null);

export function AgentLinkProvider({ link, children }: { link: AgentLink; children: ReactNode }) {
  return <AgentLinkContext.Provider value={link}>{children}</AgentLinkContext.Provider>;
}

export function AgentBanner() {
  const link = useContext(AgentLinkContext);
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (link === null) return undefined;
    let previous: AgentStatus['state'] | null = null;
    const receive = (next: AgentStatus) => {
      if (next.state === 'running' && previous !== null && previous !== 'running') link.onServing();
      previous = next.state;
      setStatus(next);
    };
    const stop = subscribe<AgentService, 'agentStatusChanged'>(link.transport, 'agentStatusChanged', receive);
    // An in-process agent (tests) has no supervisor to ask: no banner then.
    link.client.agentStatus({}).then(receive, () => undefined);
    return stop;
  }, [link]);

  if (link === null || status === null) return null;
  // Running: shown only right after a restart, to say what happened ("agent stopped: … — restarted …").
  if (status.state === 'running' && status.lastRestartMs === null) return null;

  const start = async (restoreStable: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      setStatus(await link.client.startAgent({ restoreStable }));
    } catch (error) {
      setFailure(describeFailure(error).message);
    } finally {
      setBusy(false);
    }
  };
  const stopped = status.state === 'stopped';
  const last = status.crashes[0];
  return (
    <section className={`agent-banner agent-banner--${status.state}`} role={stopped ? 'alert' : 'status'} aria-label="Agent process">
      <p className="agent-banner__title">{title(status)}</p>
      <p className="agent-banner__message">{status.message}</p>
      {last !== undefined && last.lastOutput.length > 0 && stopped ? (
        <details className="agent-banner__output">
          <summary>Last output before it stopped</summary>
          <pre tabIndex={0}>{last.lastOutput.join('\n')}</pre>
        </details>
      ) : null}
      {stopped ? (
        <div className="agent-banner__actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void start(true)}>
            Roll back to last stable and start
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void start(false)}>
            Start agent as it is
          </button>
        </div>
      ) : null}
      {failure === null ? null : <p className="agent-banner__failure">{failure}</p>}
    </section>
  );
}

function title(status: AgentStatus): string {
  switch (status.state) {
    case 'stopped':
      return 'Agent stopped — repair mode: history, diffs, rollbacks and proposals work; none of the agent’s code runs';
    case 'restarting':
      return 'Agent restarting';
    case 'starting':
      return 'Agent starting';
    case 'running':
      return 'Agent restarted';
  }
}
