import { createClient, type Transport } from '../../shared/contract/client';
import { panelService, type ModuleOverview } from '../../shared/contract/panel';
import type { ReloadRecord, VersionInfo, VersionState } from '../../shared/history';
import type { ModuleId, ProposalId, Sha256, VersionId } from '../../shared/ids';
import type { Proposal } from '../../shared/proposals';
import { fail, ok, type Envelope } from '../../shared/result';
import { connectStore, createAppStore, type AppStore } from '../../renderer/src/store/app-store';
import type { ConnectionState, PanelConnection } from '../../renderer/src/transport/connection';

export type Answer = (input: Record<string, unknown>) => unknown;

/**
 * A panel connection whose answers the test sets per method (a value, or a function of the
 * input; throw an Error with `code` to fail), and which pushes events on demand.
 */
export function fakePanel(answers: Record<string, Answer>, options: { connect?: boolean } = {}) {
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  let state: ConnectionState = { status: 'connecting', detail: null };
  const transport: Transport = {
    async invoke(method, input) {
      calls.push({ method, input: input as Record<string, unknown> });
      const answer = answers[method] ?? (method === 'listVersionsPage' ? pageOf(answers['listVersions'] ?? (() => [])) : undefined);
      if (answer === undefined) return method.startsWith('list') ? ok([]) : fail({ code: 'UNKNOWN_METHOD', message: method });
      try {
        return ok(await answer(input as Record<string, unknown>)) as Envelope<unknown>;
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'INTERNAL';
        return fail({ code: code as 'INTERNAL', message: (error as Error).message });
      }
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };
  const connection: PanelConnection = {
    kind: 'websocket',
    transport,
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
    close: () => undefined,
  };
  const store: AppStore = createAppStore(createClient(panelService, transport));
  const disconnect = connectStore(store, connection);
  const setState = (next: ConnectionState) => {
    state = next;
    stateListeners.forEach((listener) => listener(state));
  };
  if (options.connect !== false) setState({ status: 'connected', detail: null });
  return {
    store,
    calls,
    disconnect,
    setState,
    emit: (event: string, payload: unknown) => eventListeners.forEach((listener) => listener(event, payload)),
    called: (method: string) => calls.filter((call) => call.method === method),
  };
}

export function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const HASH = (seed: string) => seed.padEnd(64, '0').slice(0, 64) as Sha256;

export function moduleOverview(id: string, extra: Partial<ModuleOverview> = {}): ModuleOverview {
  return {
    id: id as ModuleId,
    hash: HASH('ab'),
    loaded: true,
    state: 'loaded',
    dependencies: [],
    dependents: [],
    transitiveDependents: [],
    nativeAddon: false,
    inFlight: 0,
    lastError: null,
    health: 'stable',
    currentVersionId: null,
    probationUntil: null,
    lastReload: null,
    lastStableVersionId: null,
    disk: { hash: HASH('ab'), changed: false, modifiedAt: 1_700_000_000_000 },
    lastFailure: null,
    backgroundErrors: { count: 0, last: null },
    ...extra,
  };
}

export function version(id: string, module: string, extra: Partial<VersionInfo> & { state?: VersionState } = {}): VersionInfo {
  return {
    versionId: id as VersionId,
    module: module as ModuleId,
    hash: HASH(id.replace(/[^0-9a-f]/g, '') || 'c'),
    state: 'stable',
    stable: true,
    createdAt: 1_700_000_000_000,
    reason: `reason of ${id}`,
    size: 100,
    restoredFrom: null,
    proposalId: null,
    probationUntil: null,
    ...extra,
  };
}

export function reloadRecord(id: string, module: string, extra: Partial<ReloadRecord> = {}): ReloadRecord {
  return {
    id,
    module: module as ModuleId,
    startedAt: 1_700_000_000_000,
    durationMs: 12.5,
    phases: { compile: 3, checks: 4 },
    oldHash: HASH('aa'),
    newHash: HASH('bb'),
    outcome: 'reloaded',
    error: null,
    cascade: [],
    checks: [],
    versionId: null,
    ...extra,
  };
}

export function proposal(id: string, extra: Partial<Proposal> = {}): Proposal {
  return {
    id: id as ProposalId,
    feature: `Feature of ${id}`,
    code: 'export const x = 1;\n',
    codeHash: HASH('cc'),
    tests: null,
    targets: [{ module: 'knowledge_engine' as ModuleId, reason: 'references', detail: 'uses count_facts' }],
    mode: 'append',
    status: 'draft',
    source: 'person',
    sandboxReports: [],
    approval: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    appliedVersionId: null,
    ...extra,
  };
}

/** A timeline page cut from what a test answers for the whole list, as the host would cut it. */
function pageOf(list: Answer | undefined): Answer | undefined {
  if (list === undefined) return undefined;
  return async (input) => {
    const all = (await list({})) as VersionInfo[];
    const before = input['before'] as string | undefined;
    const start = before === undefined ? 0 : all.findIndex((entry) => entry.versionId === before) + 1;
    const limit = input['limit'] as number;
    const versions = all.slice(start, start + limit);
    return { versions, next: start + limit < all.length ? (versions.at(-1)?.versionId ?? null) : null };
  };
}
