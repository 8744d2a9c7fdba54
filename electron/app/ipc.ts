import { ipcMain, type BrowserWindow } from 'electron';
import { channels, wire } from '../../shared/contract';
import type { Dispatch } from '../router';
import type { Hub } from '../hub';

/**
 * Registers every contract channel with the one checked dispatch, and forwards hub events to the
 * app's windows (the main window and the tray popover): only their web contents may call main.
 */
export function wireIpc(dispatch: Dispatch, hub: Hub, getWindows: () => readonly BrowserWindow[]): void {
  for (const channel of channels) {
    ipcMain.handle(wire.request(channel), (event, args: unknown) => {
      const frame = event.senderFrame;
      return dispatch(channel, args, {
        frameUrl: frame?.url ?? '',
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
        isAppWindow: getWindows().some((window) => !window.isDestroyed() && event.sender === window.webContents),
      });
    });
  }
  // For the app's life: main pushes state and events to its windows while they exist.
  hub.connect((name, payload) => {
    for (const window of getWindows()) if (!window.isDestroyed()) window.webContents.send(wire.event(name), payload);
  });
}
