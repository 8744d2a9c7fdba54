import { create } from 'zustand';
import type { AppState, StatePatch } from '../shared/state';
import { displayTimeZone } from '../shared/time';
import type { ViewId } from './navigation';

interface Store {
  /** Mirror of main's state; null until the first snapshot arrives. */
  state: AppState | null;
  view: ViewId;
  /** A view may be asked to focus an item (a page id, a runbook id). */
  focus: string | null;
  loadError: string | null;
  hydrate(state: AppState): void;
  applyPatch(patch: StatePatch): void;
  navigate(view: ViewId, focus?: string | null): void;
  setLoadError(message: string): void;
}

export const useStore = create<Store>()((set) => ({
  state: null,
  view: 'shift',
  focus: null,
  loadError: null,
  hydrate: (state) => set({ state, loadError: null }),
  applyPatch: (patch) => set((s) => (s.state ? { state: { ...s.state, ...patch } } : {})),
  navigate: (view, focus = null) => set({ view, focus }),
  setLoadError: (loadError) => set({ loadError }),
}));

/** The zone every time in the UI is shown in. */
export function useTimeZone(): string {
  return useStore((s) => (s.state ? displayTimeZone(s.state) : Intl.DateTimeFormat().resolvedOptions().timeZone));
}
