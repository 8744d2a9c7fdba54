// The renderer half of the Electron stand-in: what a sandboxed preload's `require('electron')`
// returns (contextBridge, ipcRenderer), typed against Electron's definitions. Bundled into an init
// script that then runs the BUILT preload (dist/preload/preload.cjs) before any page script.
// ipcRenderer.invoke reaches the real ipcMain handlers in Node through a Playwright binding.

export {};

type InvokeAnswer = { ok: true; value: unknown } | { ok: false; message: string };
type RendererListener = (event: Electron.IpcRendererEvent, ...args: unknown[]) => void;

declare global {
  interface Window {
    __standinIpcInvoke(channel: string, args: unknown[]): Promise<InvokeAnswer>;
    __standinIpcEmit(channel: string, args: unknown[]): void;
    __standinWindowOpen(url: string): Promise<'allow' | 'deny'>;
    __standinPreloadRequire?: (name: string) => unknown;
  }
}

const listeners = new Map<string, Set<RendererListener>>();

const ipcRenderer = {
  invoke: (async (channel, ...args) => {
    const answer = await window.__standinIpcInvoke(channel, args);
    if (!answer.ok) throw new Error(answer.message);
    return answer.value;
  }) satisfies Electron.IpcRenderer['invoke'],
  on(channel: string, listener: RendererListener) {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener);
    listeners.set(channel, set);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: RendererListener) {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

/** Electron copies the API into the page's world, frozen; a name already on window is refused. */
const contextBridge = {
  exposeInMainWorld: ((key, api) => {
    if (key in window) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    Object.defineProperty(window, key, { value: freeze(api), enumerable: true, writable: false, configurable: false });
  }) satisfies Electron.ContextBridge['exposeInMainWorld'],
};

function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  }
  return value;
}

window.__standinIpcEmit = (channel, args) => {
  const event = { sender: ipcRenderer, senderId: 0, ports: [] } as unknown as Electron.IpcRendererEvent;
  listeners.get(channel)?.forEach((listener) => listener(event, ...args));
};

// window.open asks main's setWindowOpenHandler first, as in Electron; a denied window is never made.
const openWindow = window.open.bind(window);
window.open = (url?: string | URL, target?: string, features?: string) => {
  const href = new URL(String(url ?? ''), location.href).href;
  void window.__standinWindowOpen(href).then((action) => action === 'allow' && openWindow(href, target, features));
  return null;
};

// A sandboxed preload may require only 'electron'.
window.__standinPreloadRequire = (name) => {
  if (name === 'electron') return { contextBridge, ipcRenderer };
  throw new Error(`module not found: ${name} (a sandboxed preload may require only 'electron')`);
};
