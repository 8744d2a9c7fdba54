import fs from 'node:fs/promises';
import { BrowserWindow, clipboard, dialog, type OpenDialogOptions } from 'electron';
import { PICK_DIALOGS, type PickPurpose } from '../../shared/pick';

export async function saveWithDialog(suggestedName: string, content: string | Uint8Array): Promise<string | null> {
  const result = await dialog.showSaveDialog({ defaultPath: suggestedName });
  if (result.canceled || !result.filePath) return null;
  await fs.writeFile(result.filePath, content);
  return result.filePath;
}

/**
 * The OS's folder or file picker, modal to the window when there is one; resolves to the path
 * chosen, or null when the user cancelled.
 */
export function pickWithDialog(getWindow: () => BrowserWindow | null): (purpose: PickPurpose) => Promise<string | null> {
  return async (purpose) => {
    const kind = PICK_DIALOGS[purpose];
    const options: OpenDialogOptions = {
      title: kind.title,
      properties: kind.folder ? ['openDirectory', 'dontAddToRecent'] : ['openFile', 'dontAddToRecent'],
      ...(kind.filters.length > 0 ? { filters: kind.filters } : {}),
    };
    const window = getWindow();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}

/** Electron 45's clipboard.writeText is asynchronous: the caller learns whether it worked. */
export async function copyText(text: string): Promise<void> {
  await clipboard.writeText(text);
}

/** Prints HTML to PDF in a hidden, sandboxed window with no preload and JavaScript off. */
export async function printToPdf(html: string): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    window.destroy();
  }
}
