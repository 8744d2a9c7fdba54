import { create } from 'zustand';
import type { AppState, StatePatch } from '../shared/state';
import { displayTimeZone } from '../shared/time';
import type { Route } from './navigation';

interface Store {
  /** Mirror of main's state; null until the first snapshot arrives. */
  state: AppState | null;
  /** The view shown and what it is asked to show. */
  route: Route;
  loadError: string | null;
  hydrate(state: AppState): void;
  applyPatch(patch: StatePatch): void;
  navigate(route: Route): void;
  setLoadError(message: string): void;
}

export const useStore = create<Store>()((set) => ({
  state: null,
  route: { view: 'shift' },
  loadError: null,
  hydrate: (state) => set({ state, loadError: null }),
  applyPatch: (patch) => set((s) => (s.state ? { state: { ...s.state, ...patch } } : {})),
  navigate: (route) => set({ route }),
  setLoadError: (loadError) => set({ loadError }),
}));

/** The zone every time in the UI is shown in. */
export function useTimeZone(): string {
  return useStore((s) => (s.state ? displayTimeZone(s.state) : Intl.DateTimeFormat().resolvedOptions().timeZone));
}
