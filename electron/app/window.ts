import { BrowserWindow, nativeTheme } from 'electron';
import { hardenWebContents } from './security';

export interface MainWindow {
  window: BrowserWindow;
  show(): void;
  toggle(): void;
  /** Let the next close really close (on quit). */
  allowClose(): void;
}

export function createMainWindow(preload: string, url: string): MainWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Baton',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f7f7f8',
    webPreferences: {
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
    },
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
    toggle: () => (window.isVisible() && window.isFocused() ? window.hide() : show()),
    allowClose: () => {
      quitting = true;
    },
  };
}
