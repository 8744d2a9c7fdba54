import { BrowserWindow, nativeTheme } from 'electron';
import { hardenWebContents } from './security';
import { MIN_HEIGHT, MIN_WIDTH } from '../window-layout';

export interface MainWindow {
  window: BrowserWindow;
  show(): void;
  /** Let the next close really close (on quit). */
  allowClose(): void;
}

/** Every window of Baton runs the renderer with these (DESIGN §5): isolated, sandboxed, no Node. */
export function hardenedPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export const backgroundColor = () => (nativeTheme.shouldUseDarkColors ? '#16181d' : '#f7f7f8');

export function createMainWindow(preload: string, url: string): MainWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Baton',
    backgroundColor: backgroundColor(),
    webPreferences: hardenedPreferences(preload),
  });
  hardenWebContents(window.webContents);
  let quitting = false;
  // Closing the window keeps Baton in the tray: pages must still reach the user.
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(url);
  const show = () => {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  return {
    window,
    show,
    allowClose: () => {
      quitting = true;
    },
  };
}
