import { contextBridge, ipcRenderer } from 'electron';
import { buildBatonApi } from '../shared/bridge';
import { wire } from '../shared/channels';
import type { Envelope } from '../shared/contract';

// The only thing the page gets: named functions from the contract and event subscriptions.
// ipcRenderer itself never crosses the bridge.
const api = buildBatonApi({
  invoke: (channel, args) => ipcRenderer.invoke(wire.request(channel), args) as Promise<Envelope>,
  subscribe(event, listener) {
    const handler = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(wire.event(event), handler);
    return () => void ipcRenderer.removeListener(wire.event(event), handler);
  },
});

contextBridge.exposeInMainWorld('baton', api);
