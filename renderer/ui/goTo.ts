import { useStore } from '../store';
import type { Route } from '../navigation';

/**
 * Shows a view and puts the keyboard focus (and the scroll) on one thing in it, e.g. the name field
 * of Settings from the hint "Set your name in Settings". Waits a few frames for the view to render.
 */
export function goTo(route: Route, selector: string): void {
  useStore.getState().navigate(route);
  let frames = 0;
  const find = () => {
    const target = document.querySelector<HTMLElement>(selector);
    if (target) {
      if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
      target.focus();
      target.scrollIntoView({ block: 'center' });
      return;
    }
    if (++frames < 60) requestAnimationFrame(find);
  };
  requestAnimationFrame(find);
}

/** Where the first-run steps and the hints that name them are done. */
export const SETUP_TARGETS = {
  name: { route: { view: 'settings' }, selector: 'form[aria-labelledby="general-title"] input' },
  schedule: { route: { view: 'shift' }, selector: '#add-source-title' },
  alertSource: { route: { view: 'settings' }, selector: '#page-sources-title' },
  runbooks: { route: { view: 'runbooks' }, selector: '#sources-title' },
} as const satisfies Record<string, { route: Route; selector: string }>;

export type SetupTarget = keyof typeof SETUP_TARGETS;

export function goToSetup(target: SetupTarget): void {
  goTo(SETUP_TARGETS[target].route, SETUP_TARGETS[target].selector);
}
