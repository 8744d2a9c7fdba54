import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DESKTOP_ENTRY } from '../../electron/app/identity';
import { BATON_SCHEME } from '../../shared/links';
import { ROOT } from './stand-in/boot';

interface BuilderConfig {
  appId: string;
  protocols: { name: string; schemes: string[] }[];
  publish: { provider: string; url: string };
  linux: { target: string[]; executableName: string; maintainer: string };
  deb: { fpm: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}
const builder = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; description: string };

describe('the installers each OS gets (electron-builder.yml)', () => {
  it('Linux: AppImage and deb; macOS: dmg; Windows: nsis; baton:// registered; a generic update feed', () => {
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target).toEqual(['dmg']);
    expect(builder.win.target).toEqual(['nsis']);
    expect(builder.protocols).toEqual([{ name: 'Baton link', schemes: [BATON_SCHEME] }]);
    expect(builder.publish.provider).toBe('generic');
    // Notifications name the installed .desktop file (desktop-entry hint): the same name.
    expect(builder.linux.executableName).toBe(DESKTOP_ENTRY);
    // The deb links /usr/bin/<executableName> to the app; /usr/bin/baton is the terminal command.
    expect(builder.deb.fpm.some((link) => link.endsWith(`=/usr/bin/${builder.linux.executableName}`))).toBe(false);
  });
});

// Building a .deb needs Electron's Linux binary (electron-builder downloads it, or takes electronDist)
// and electron-builder's fpm (downloaded on first use). Where neither can be had, this says so.
const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const electronDist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
const canPackage = fs.existsSync(path.join(electronDist, 'electron')) && process.platform === 'linux' && spawnSync('dpkg-deb', ['--version']).status === 0;
const reason = canPackage ? '' : ' — skipped: packaging needs an Electron binary (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH), electron-builder’s fpm and dpkg-deb, which this machine does not have';
if (!canPackage) console.warn(`the built .deb${reason}`);

describe.skipIf(!canPackage)(`the built .deb${reason}`, () => {
  it('has the control fields and the desktop entry a user’s system needs (menu, baton:// links, the app’s own notifications)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-deb-'));
    const built = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'deb', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`],
      { cwd: ROOT, encoding: 'utf8', timeout: 600_000 },
    );
    expect(built.status, built.stderr).toBe(0);
    const deb = path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.deb'))!);
    const field = (name: string) => spawnSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).stdout.trim();
    expect(field('Package')).toBe('baton');
    expect(field('Version')).toBe(pkg.version);
    expect(field('Architecture')).toBe('amd64');
    expect(field('Maintainer')).toBe(builder.linux.maintainer);
    expect(field('Depends')).toMatch(/libnotify4/);
    expect(field('Recommends')).toContain('libnotify-bin');

    const files = spawnSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' }).stdout;
    expect(files).toContain(`./usr/share/applications/${DESKTOP_ENTRY}.desktop`);
    const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-deb-x-'));
    expect(spawnSync('dpkg-deb', ['-x', deb, extracted]).status).toBe(0);
    const entry = fs.readFileSync(path.join(extracted, 'usr/share/applications', `${DESKTOP_ENTRY}.desktop`), 'utf8');
    expect(entry).toMatch(/^Name=Baton$/m);
    expect(entry).toMatch(/^Exec="?\/opt\/Baton\/baton"? %U$/m);
    expect(entry).toMatch(/^MimeType=x-scheme-handler\/baton;?$/m);
    expect(entry).toMatch(/^Categories=Utility;?$/m);
    // electron-updater finds the feed and knows it is a .deb install.
    const resources = path.join(extracted, 'opt/Baton/resources');
    expect(fs.readFileSync(path.join(resources, 'package-type'), 'utf8').trim()).toBe('deb');
    expect(parse(fs.readFileSync(path.join(resources, 'app-update.yml'), 'utf8'))).toMatchObject({ provider: 'generic', url: builder.publish.url });
  }, 660_000);
});
