/**
 * The sizes of Baton's windows and where the tray popover goes: plain logic, used by electron/app/
 * and checked by the tests.
 */

/** The renderer works from a tray-sized 360 px up (the list and a page's details become two screens). */
export const MIN_WIDTH = 360;
export const MIN_HEIGHT = 400;

/**
 * A click on the tray icon while the popover is open first takes the focus from the popover (which
 * hides it), then arrives as a click: a click this soon after such a hide closes, it does not reopen.
 */
export const POPOVER_REOPEN_AFTER_MS = 300;

/** The size of the tray popover; the renderer lays its #popover route out for it. */
export const POPOVER_SIZE = { width: 360, height: 480 } as const;

/** A rectangle on screen, as Electron gives a tray icon's bounds and a display's work area. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 4;

/**
 * Where the tray popover goes: next to the tray icon, on the side of the screen away from the
 * panel (below a top panel, above a bottom one), centred on the icon and kept inside the work area.
 * Where the platform gives no bounds for the icon (Linux often gives all zeros) it goes to the
 * work area's top-right corner, where tray areas usually are.
 */
export function popoverPosition(tray: Rect, workArea: Rect, size: { width: number; height: number }): { x: number; y: number } {
  // The near edge wins when the work area is smaller than the popover: it starts at the corner.
  const clampX = (x: number) => Math.round(Math.max(workArea.x + GAP, Math.min(x, workArea.x + workArea.width - size.width - GAP)));
  const clampY = (y: number) => Math.round(Math.max(workArea.y + GAP, Math.min(y, workArea.y + workArea.height - size.height - GAP)));
  if (tray.width === 0 && tray.height === 0) return { x: clampX(workArea.x + workArea.width), y: clampY(workArea.y) };
  const x = clampX(tray.x + tray.width / 2 - size.width / 2);
  const iconMiddle = tray.y + tray.height / 2;
  const belowIcon = iconMiddle < workArea.y + workArea.height / 2;
  const y = clampY(belowIcon ? tray.y + tray.height + GAP : tray.y - size.height - GAP);
  return { x, y };
}
