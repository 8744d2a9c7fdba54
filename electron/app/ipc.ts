import { ipcMain, type BrowserWindow } from 'electron';
import { channels, wire } from '../../shared/contract';
import type { Dispatch } from '../router';
import type { Hub } from '../hub';

/** Registers every contract channel with the one checked dispatch, and forwards hub events to the window. */
export function wireIpc(dispatch: Dispatch, hub: Hub, getWindow: () => BrowserWindow | null): void {
  for (const channel of channels) {
    ipcMain.handle(wire.request(channel), (event, args: unknown) => {
      const window = getWindow();
      const frame = event.senderFrame;
      return dispatch(channel, args, {
        frameUrl: frame?.url ?? '',
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
        isAppWindow: window !== null && event.sender === window.webContents,
      });
    });
  }
  // For the app's life: main pushes state and events to the window while it exists.
  hub.connect((name, payload) => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(wire.event(name), payload);
  });
}
