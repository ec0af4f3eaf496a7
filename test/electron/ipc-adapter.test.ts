import { pathToFileURL } from 'node:url';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, test, vi } from 'vitest';
import { createEventSender, createTrustedSenderCheck, registerIpc } from '../../electron/main/ipc-adapter';
import { forwardPanelEvents } from '../../electron/services/panel-events';
import { createPanelHandlers } from '../../electron/services/panel-handlers';
import { createDispatcher, type Dispatcher } from '../../shared/contract/dispatch';
import { panelService, type ModuleInfo } from '../../shared/contract/panel';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/channels';
import type { Envelope } from '../../shared/result';
import { startServices } from '../support/app-services';
import { id, makeWorkspace } from '../support/temp-workspace';

const PAGE_URL = pathToFileURL('/opt/saraphina/resources/app.asar/out/renderer/index.html').href;

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain as the adapter sees it: a map of channel → handler. */
function fakeIpcMain() {
  const handlers = new Map<string, InvokeHandler>();
  const ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'> = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`Second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  /** What ipcRenderer.invoke would resolve with for a request from `frame`. */
  async function invoke(payload: unknown, frame: FakeFrame | null = appFrame()): Promise<Envelope<unknown>> {
    const handler = handlers.get(IPC_INVOKE_CHANNEL);
    if (handler === undefined) throw new Error('No handler registered');
    const event = { senderFrame: frame } as unknown as IpcMainInvokeEvent;
    return (await handler(event, payload)) as Envelope<unknown>;
  }
  return { ipcMain, handlers, invoke };
}

interface FakeFrame {
  readonly url: string;
  readonly parent: FakeFrame | null;
}

function appFrame(url = PAGE_URL): FakeFrame {
  return { url, parent: null };
}

async function panelSetup() {
  const root = makeWorkspace({ a: 'export function hi(n: number): number { return n + 1; }\n' });
  const services = await startServices(root);
  const dispatcher = createDispatcher(panelService, createPanelHandlers(services, '0.0.0'));
  const ipc = fakeIpcMain();
  const dispose = registerIpc(ipc.ipcMain, dispatcher, createTrustedSenderCheck(PAGE_URL));
  return { services, runtime: services.engine.runtime, ipc, dispose };
}

describe('registerIpc', () => {
  test('a valid request from the panel page round-trips to the runtime', async () => {
    const { ipc } = await panelSetup();
    const list = await ipc.invoke({ method: 'listModules', input: {} });
    expect(list.ok).toBe(true);
    const modules = (list as { value: ModuleInfo[] }).value;
    expect(modules.map((module) => [module.id, module.state])).toEqual([['a', 'loaded']]);
    expect(await ipc.invoke({ method: 'callFunction', input: { module: 'a', fn: 'hi', args: [41] } })).toEqual({
      ok: true,
      value: 42,
    });
  });

  test('a malformed payload gets INVALID_REQUEST', async () => {
    const { ipc } = await panelSetup();
    for (const payload of [undefined, null, 'listModules', { method: 7 }, { method: 'listModules', input: {}, extra: 1 }]) {
      const envelope = await ipc.invoke(payload);
      expect(envelope.ok ? null : envelope.error.code).toBe('INVALID_REQUEST');
    }
    const badInput = await ipc.invoke({ method: 'loadModule', input: { module: '' } });
    expect(badInput.ok ? null : badInput.error.code).toBe('INVALID_REQUEST');
  });

  test('an unknown method gets UNKNOWN_METHOD, prototype names included', async () => {
    const { ipc } = await panelSetup();
    for (const method of ['deleteEverything', 'constructor', '__proto__']) {
      const envelope = await ipc.invoke({ method, input: {} });
      expect(envelope.ok ? null : envelope.error.code).toBe('UNKNOWN_METHOD');
    }
  });

  test('a handler failure comes back as the error envelope, not a throw', async () => {
    const { ipc } = await panelSetup();
    const envelope = await ipc.invoke({ method: 'callFunction', input: { module: 'missing', fn: 'x', args: [] } });
    expect(envelope.ok ? null : envelope.error.code).toBe('MODULE_NOT_FOUND');
  });

  test('requests from anything but the main frame of the app page get UNAUTHORIZED and never reach the dispatcher', async () => {
    const dispatcher = vi.fn<Dispatcher>(async () => ({ ok: true, value: 'ran' }));
    const ipc = fakeIpcMain();
    registerIpc(ipc.ipcMain, dispatcher, createTrustedSenderCheck(PAGE_URL));
    const untrusted: (FakeFrame | null)[] = [
      null,
      { url: PAGE_URL, parent: appFrame() },
      appFrame('https://example.com/'),
      appFrame(pathToFileURL('/tmp/evil/index.html').href),
      appFrame('file:///opt/saraphina/resources/app.asar/out/renderer/other.html'),
      appFrame('not a url'),
      appFrame('about:blank'),
    ];
    for (const frame of untrusted) {
      const envelope = await ipc.invoke({ method: 'listModules', input: {} }, frame);
      expect(envelope).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
    }
    expect(dispatcher).not.toHaveBeenCalled();
    // The same page with a fragment or query is still the app.
    expect((await ipc.invoke({ method: 'listModules', input: {} }, appFrame(`${PAGE_URL}#modules`))).ok).toBe(true);
  });

  test('a sender check that throws is treated as untrusted', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc.ipcMain, async () => ({ ok: true, value: 1 }), () => {
      throw new Error('frame destroyed');
    });
    const envelope = await ipc.invoke({ method: 'listModules', input: {} });
    expect(envelope.ok ? null : envelope.error.code).toBe('UNAUTHORIZED');
  });

  test('the returned function removes the handler', async () => {
    const { ipc, dispose } = await panelSetup();
    expect(ipc.handlers.has(IPC_INVOKE_CHANNEL)).toBe(true);
    dispose();
    expect(ipc.handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
  });
});

describe('createTrustedSenderCheck with the dev server', () => {
  test('trusts the dev server origin on any path, and nothing else', () => {
    const check = createTrustedSenderCheck('http://localhost:5173/');
    expect(check({ senderFrame: appFrame('http://localhost:5173/src/main.tsx') })).toBe(true);
    expect(check({ senderFrame: appFrame('http://localhost:5174/') })).toBe(false);
    expect(check({ senderFrame: appFrame('http://127.0.0.1:5173/') })).toBe(false);
    expect(check({ senderFrame: appFrame('file:///index.html') })).toBe(false);
  });
});

describe('module change events', () => {
  test('a runtime change pushes one modulesChanged with the full list', async () => {
    const { services, runtime } = await panelSetup();
    const sent: unknown[][] = [];
    const webContents = { isDestroyed: () => false, send: (...args: unknown[]) => void sent.push(args) };
    const stop = forwardPanelEvents(services, createEventSender(webContents));
    await runtime.swap(id('a'), 'export function hi(n: number): number { return n + 2; }\nexport const extra = 1;\n');
    // The list goes out once the loop has turned (it is throttled: the costly event).
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    const [channel, event, payload] = sent[0] ?? [];
    expect([channel, event]).toEqual([IPC_EVENT_CHANNEL, 'modulesChanged']);
    expect((payload as ModuleInfo[]).map((module) => module.id)).toEqual(['a']);
    stop();
    await runtime.swap(id('a'), 'export function hi(n: number): number { return n + 3; }\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toHaveLength(1);
  });

  test('a closed window is skipped without an error', () => {
    const send = vi.fn();
    createEventSender({ isDestroyed: () => true, send })('modulesChanged', []);
    expect(send).not.toHaveBeenCalled();
  });
});
