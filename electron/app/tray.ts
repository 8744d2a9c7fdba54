import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type Rectangle } from 'electron';
import type { TrayAction, TrayModel } from '../../shared/tray';

/** Renders the pure tray model (shared/tray.ts) with Electron's Tray; no logic lives here. */
export function createTray(assetsDir: string, onAction: (action: TrayAction) => void, onClick: (bounds: Rectangle) => void) {
  const icon = (name: string) => nativeImage.createFromPath(path.join(assetsDir, 'tray', `${name}.png`));
  const tray = new Tray(icon('off-call'));
  // Electron gives the icon's bounds with the click (all zeros where the platform does not know them).
  tray.on('click', (_event, bounds) => onClick(bounds));
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
