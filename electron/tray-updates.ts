import type { SliceName } from '../shared/state';
import type { TrayModel } from '../shared/tray';
import type { Hub } from './hub';

/** The slices the tray is drawn from; runbook sync progress (every ~100 ms) and the rest never redraw it. */
const TRAY_INPUTS: ReadonlySet<SliceName> = new Set<SliceName>(['pause', 'shift', 'pages', 'settings', 'app']);

/**
 * Renders the tray now and again whenever one of its inputs changed and the model it gives is
 * different from the one shown. Returns the function that stops it.
 */
export function watchTray(hub: Pick<Hub, 'onChange'>, model: () => TrayModel, render: (model: TrayModel) => void): () => void {
  let shown = '';
  const update = () => {
    const next = model();
    const key = JSON.stringify(next);
    if (key === shown) return;
    shown = key;
    render(next);
  };
  update();
  return hub.onChange((_state, changed) => {
    if (TRAY_INPUTS.has(changed)) update();
  });
}
