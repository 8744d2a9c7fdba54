import { BrowserWindow, screen, type Rectangle } from 'electron';
import { POPOVER_REOPEN_AFTER_MS, POPOVER_SIZE, popoverPosition } from '../window-layout';
import { backgroundColor, hardenedPreferences } from './window';
import { hardenWebContents } from './security';

export interface TrayPopover {
  window: BrowserWindow;
  /** Shows it by the tray icon (its bounds from the click), or hides it when it is showing. */
  toggle(trayBounds: Rectangle): void;
  /** Shows it by the icon; without the icon's bounds, in the work area's top-right corner. */
  show(trayBounds?: Rectangle): void;
  hide(): void;
}

/**
 * A small frameless window by the tray icon with the same renderer at `#popover` (shift, open pages
 * with Ack, "Open Baton"), as tray apps such as Gitify do. It hides when it loses the focus.
 */
export function createTrayPopover(preload: string, url: string): TrayPopover {
  const window = new BrowserWindow({
    ...POPOVER_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Baton',
    backgroundColor: backgroundColor(),
    webPreferences: hardenedPreferences(preload),
  });
  hardenWebContents(window.webContents);
  let hiddenByBlurAt = -Infinity;
  window.on('blur', () => {
    if (!window.isVisible()) return;
    hiddenByBlurAt = performance.now();
    window.hide();
  });
  void window.loadURL(`${url}#popover`);
  const show = (trayBounds: Rectangle = { x: 0, y: 0, width: 0, height: 0 }) => {
    const { workArea } = trayBounds.width > 0 ? screen.getDisplayMatching(trayBounds) : screen.getPrimaryDisplay();
    const { x, y } = popoverPosition(trayBounds, workArea, POPOVER_SIZE);
    window.setPosition(x, y);
    window.show();
    window.focus();
  };
  return {
    window,
    toggle(trayBounds) {
      if (window.isVisible()) return window.hide();
      // The click that took the focus away (and so hid it) was meant to close it.
      if (performance.now() - hiddenByBlurAt < POPOVER_REOPEN_AFTER_MS) return;
      show(trayBounds);
    },
    show,
    hide: () => window.hide(),
  };
}
