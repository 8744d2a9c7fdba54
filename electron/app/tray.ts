import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayModel } from '../../shared/tray';

/** Renders the pure tray model (shared/tray.ts) with Electron's Tray; no logic lives here. */
export function createTray(assetsDir: string, onAction: (action: TrayAction) => void, onClick: () => void) {
  const icon = (name: string) => nativeImage.createFromPath(path.join(assetsDir, 'tray', `${name}.png`));
  const tray = new Tray(icon('off-call'));
  tray.on('click', onClick);
  return {
    render(model: TrayModel) {
      tray.setImage(icon(model.icon));
      tray.setToolTip(model.tooltip);
      const items: MenuItemConstructorOptions[] = model.menu.map((item) => {
        if (item.type === 'separator') return { type: 'separator' };
        if (item.type === 'label') return { label: item.label, enabled: false };
        const action: TrayAction = item.id === 'ack-page' ? { id: item.id, pageId: item.pageId } : item.id;
        return { label: item.label, enabled: item.enabled, click: () => onAction(action) };
      });
      tray.setContextMenu(Menu.buildFromTemplate(items));
    },
    destroy: () => tray.destroy(),
  };
}
