// Test-only stand-in for electron/preload.ts: the same buildBatonApi over a Playwright binding,
// so every call goes through main's real dispatch (sender check, zod validation, services).
import { buildBatonApi } from '../../shared/bridge';
import type { Envelope, EventName } from '../../shared/contract';

declare global {
  interface Window {
    __batonInvoke(channel: string, args: unknown): Promise<Envelope>;
    __batonEmit(name: string, payload: unknown): void;
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
window.__batonEmit = (name, payload) => listeners.get(name)?.forEach((listener) => listener(payload));

const api = buildBatonApi({
  invoke: (channel, args) => window.__batonInvoke(channel, args),
  subscribe(event: EventName, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => void set.delete(listener);
  },
});
Object.defineProperty(window, 'baton', { value: api, writable: false, configurable: false });
