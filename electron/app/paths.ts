import path from 'node:path';

/** Where the built app finds its parts, from the folder of the main bundle (dist/main). Tests use the same. */
export function appPaths(mainDir: string) {
  const assets = path.join(mainDir, '../../assets');
  return {
    preload: path.join(mainDir, '../preload/preload.cjs'),
    renderer: path.join(mainDir, '../renderer'),
    assets,
    /** Read by the OS's notifier (notify-send), which cannot look inside app.asar: electron-builder unpacks it. */
    notificationIcon: outsideAsar(path.join(assets, 'icon.png')),
  };
}

/** A packaged file's path as other processes can read it: `app.asar/…` becomes `app.asar.unpacked/…`. */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
