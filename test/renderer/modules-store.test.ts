import { describe, expect, test } from 'vitest';
import { createClient, type Transport } from '../../shared/contract/client';
import { panelService, type ModuleInfo } from '../../shared/contract/panel';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { fail, ok, type Envelope } from '../../shared/result';
import { connectStore, createAppStore } from '../../renderer/src/store/app-store';
import type { ConnectionState, PanelConnection } from '../../renderer/src/transport/connection';

function moduleInfo(id: string, dependencies: string[] = []): ModuleInfo {
  return {
    id: id as ModuleId,
    hash: 'ab'.repeat(32) as Sha256,
    loaded: true,
    state: 'loaded',
    dependencies: dependencies as ModuleId[],
    dependents: [],
    transitiveDependents: [],
    nativeAddon: false,
    inFlight: 0,
    lastError: null,
  };
}

type Answer = (input: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>;

/** A transport whose answers the test sets per method, and which can push events. */
function fakeConnection(answers: Record<string, Answer>) {
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const calls: string[] = [];
  let state: ConnectionState = { status: 'connecting', detail: null };
  const transport: Transport = {
    async invoke(method, input) {
      calls.push(method);
      const answer = answers[method];
      return answer === undefined ? fail({ code: 'UNKNOWN_METHOD', message: method }) : answer(input);
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
  return {
    connection,
    calls,
    emit: (event: string, payload: unknown) => eventListeners.forEach((listener) => listener(event, payload)),
    setState(next: ConnectionState) {
      state = next;
      stateListeners.forEach((listener) => listener(state));
    },
  };
}

function storeFor(answers: Record<string, Answer>) {
  const fake = fakeConnection(answers);
  const store = createAppStore(createClient(panelService, fake.connection.transport));
  const disconnect = connectStore(store, fake.connection);
  return { store, fake, disconnect };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const workspaceAnswer: Answer = () => ok({ root: '/home/ada/workspace', appVersion: '1.0.0' });

describe('the modules store', () => {
  test('loads the modules and the workspace once connected', async () => {
    const { store, fake } = storeFor({
      listModules: () => ok([moduleInfo('a'), moduleInfo('b', ['a'])]),
      workspaceInfo: workspaceAnswer,
    });
    expect(fake.calls).toEqual([]);
    fake.setState({ status: 'connected', detail: null });
    expect(store.getState().modules.loading).toBe(true);
    await settle();
    const { modules, workspace, connection } = store.getState();
    expect(modules.list.map((module) => module.id)).toEqual(['a', 'b']);
    expect(modules.loading).toBe(false);
    expect(modules.error).toBeNull();
    expect(workspace.info?.root).toBe('/home/ada/workspace');
    expect(connection.status).toBe('connected');
  });

  test('applies a pushed modulesChanged list', async () => {
    const { store, fake } = storeFor({ listModules: () => ok([moduleInfo('a')]), workspaceInfo: workspaceAnswer });
    fake.setState({ status: 'connected', detail: null });
    await settle();
    fake.emit('modulesChanged', [moduleInfo('a'), moduleInfo('c', ['a'])]);
    expect(store.getState().modules.list.map((module) => module.id)).toEqual(['a', 'c']);
    fake.emit('somethingElse', []);
    expect(store.getState().modules.list).toHaveLength(2);
  });

  test('records the error of a failing request, and clears it when a list arrives', async () => {
    const { store, fake } = storeFor({
      listModules: () => fail({ code: 'INTERNAL', message: 'disk on fire', hint: 'Check the log.' }),
      workspaceInfo: () => fail({ code: 'WORKSPACE_NOT_FOUND', message: 'gone' }),
    });
    fake.setState({ status: 'connected', detail: null });
    await settle();
    const { modules, workspace } = store.getState();
    expect(modules.error).toEqual({ code: 'INTERNAL', message: 'disk on fire', hint: 'Check the log.' });
    expect(modules.loading).toBe(false);
    expect(workspace.error?.code).toBe('WORKSPACE_NOT_FOUND');
    fake.emit('modulesChanged', [moduleInfo('a')]);
    expect(store.getState().modules.error).toBeNull();
  });

  test('a transport rejection is recorded with its code', async () => {
    const { store, fake } = storeFor({
      listModules: () => Promise.reject(new Error('socket closed')),
      workspaceInfo: workspaceAnswer,
    });
    fake.setState({ status: 'connected', detail: null });
    await settle();
    expect(store.getState().modules.error).toEqual({ code: 'INTERNAL', message: 'socket closed' });
  });

  test('a slow reply does not overwrite a list pushed while it was on its way', async () => {
    let answerList: (envelope: Envelope<unknown>) => void = () => undefined;
    const { store, fake } = storeFor({
      listModules: () => new Promise((resolve) => (answerList = resolve)),
      workspaceInfo: workspaceAnswer,
    });
    fake.setState({ status: 'connected', detail: null });
    await settle();
    fake.emit('modulesChanged', [moduleInfo('new')]);
    answerList(ok([moduleInfo('old')]));
    await settle();
    expect(store.getState().modules.list.map((module) => module.id)).toEqual(['new']);
    expect(store.getState().modules.loading).toBe(false);
  });

  test('keeps the selection while the module exists, drops it when the module goes', async () => {
    const { store, fake } = storeFor({ listModules: () => ok([moduleInfo('a')]), workspaceInfo: workspaceAnswer });
    fake.setState({ status: 'connected', detail: null });
    await settle();
    store.getState().selectModule('a' as ModuleId);
    fake.emit('modulesChanged', [moduleInfo('a'), moduleInfo('b')]);
    expect(store.getState().modules.selectedId).toBe('a');
    fake.emit('modulesChanged', [moduleInfo('b')]);
    expect(store.getState().modules.selectedId).toBeNull();
  });

  test('fetches afresh after a reconnect, and stops listening once disconnected', async () => {
    const { store, fake, disconnect } = storeFor({ listModules: () => ok([moduleInfo('a')]), workspaceInfo: workspaceAnswer });
    fake.setState({ status: 'connected', detail: null });
    fake.setState({ status: 'reconnecting', detail: 'Connection to the host lost.' });
    expect(store.getState().connection).toEqual({ status: 'reconnecting', detail: 'Connection to the host lost.' });
    fake.setState({ status: 'connected', detail: null });
    await settle();
    expect(fake.calls.filter((method) => method === 'listModules')).toHaveLength(2);
    disconnect();
    fake.emit('modulesChanged', []);
    expect(store.getState().modules.list).toHaveLength(1);
  });
});
