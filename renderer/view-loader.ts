import type { ComponentType } from 'react';
import type { ViewId } from './navigation';
import { ShiftView } from './features/shift/ShiftView';

/**
 * The first view ships in the app bundle; the others (Markdown, virtual lists, forms) are loaded
 * right after the first paint, so it does not wait for code it does not show. Once loaded, a view
 * renders synchronously like any other component.
 */
const loaders: Record<Exclude<ViewId, 'shift'>, () => Promise<ComponentType>> = {
  pages: () => import('./features/pages/PagesView').then((m) => m.PagesView),
  runbooks: () => import('./features/runbooks/RunbooksView').then((m) => m.RunbooksView),
  log: () => import('./features/log/LogView').then((m) => m.LogView),
  handoff: () => import('./features/handoff/HandoffView').then((m) => m.HandoffView),
  // Charts (recharts) load with this view only, never in the first bundle.
  load: () => import('./features/load/LoadView').then((m) => m.LoadView),
  settings: () => import('./features/settings/SettingsView').then((m) => m.SettingsView),
};

const loaded: Partial<Record<ViewId, ComponentType>> = { shift: ShiftView };
let preloading: Promise<void> | null = null;

export function loadedView(view: ViewId): ComponentType | undefined {
  return loaded[view];
}

/** Loads every view once; resolves when all are ready (a failed chunk is retried on the next call). */
export function preloadViews(): Promise<void> {
  preloading ??= Promise.all(
    Object.entries(loaders).map(async ([id, load]) => {
      loaded[id as ViewId] = await load();
    }),
  ).then(
    () => {
      document.documentElement.dataset.viewsReady = 'true';
    },
    (error: unknown) => {
      preloading = null;
      throw error;
    },
  );
  return preloading;
}
