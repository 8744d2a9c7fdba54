import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSender, call, startServices, tempDir, type TestServices } from '../helpers/services';
import { manualClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { xdgAutostart, AUTOSTART_FILE, HIDDEN_ARG } from '../../electron/desktop/xdg-autostart';

const rotation = {
  kind: 'rotation',
  name: 'Payments primary',
  rotation: { members: ['Alice Example', 'Bob Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', startDate: '2026-10-19', timeZone: 'Europe/Berlin' },
};

/** Launch at login on Linux: a real XDG autostart entry in a real config folder. */
describe('launch at login (XDG autostart)', () => {
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });
  const clock = () => manualClock('2026-10-21T12:00:00.000Z');
  const exec = ['/opt/Baton Apps/baton', '--no-sandbox=%u'];

  async function start(configHome: string, dataDir = tempDir()) {
    return startServices({ dataDir, clock: clock(), loginItem: xdgAutostart({ configHome, exec }) });
  }

  it('turns itself on when the first shift is configured, and writes an entry every desktop starts', async () => {
    const configHome = tempDir('baton-xdg-');
    const entry = path.join(configHome, 'autostart', AUTOSTART_FILE);
    s = await start(configHome);
    expect(s.hub.get().desktop?.launchAtLogin).toEqual({ on: false, choice: 'unset', where: entry });
    expect(fs.existsSync(entry)).toBe(false);

    const added = await s.dispatch('addScheduleSource', rotation, appSender);
    expect(added.ok).toBe(true);
    await until('the entry to be written', () => fs.existsSync(entry));
    expect(s.hub.get().desktop?.launchAtLogin).toEqual({ on: true, choice: 'on', where: entry });
    const text = fs.readFileSync(entry, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Baton\n');
    // The Desktop Entry Specification's quoting: spaces quoted, % doubled; started in the tray.
    expect(text).toContain(`Exec="/opt/Baton Apps/baton" --no-sandbox=%%u ${HIDDEN_ARG}\n`);
    expect(text).toContain('X-GNOME-Autostart-enabled=true\n');
  });

  it('is switched off and on in Settings, and a choice of "off" is kept across restarts and new schedules', async () => {
    const configHome = tempDir('baton-xdg-');
    const entry = path.join(configHome, 'autostart', AUTOSTART_FILE);
    const dataDir = tempDir();
    s = await start(configHome, dataDir);
    await expect(call(s, 'setLaunchAtLogin', { on: true })).resolves.toMatchObject({ on: true, choice: 'on' });
    expect(fs.existsSync(entry)).toBe(true);
    await expect(call(s, 'setLaunchAtLogin', { on: false })).resolves.toEqual({ on: false, choice: 'off', where: entry });
    expect(fs.existsSync(entry)).toBe(false);

    await call(s, 'addScheduleSource', rotation);
    await until('the shift to be evaluated', () => s!.hub.get().shift?.configured);
    expect(fs.existsSync(entry)).toBe(false);
    await s.dispose();
    s = await start(configHome, dataDir);
    expect(s.hub.get().desktop?.launchAtLogin).toMatchObject({ on: false, choice: 'off' });
    expect(fs.existsSync(entry)).toBe(false);
    // The contract refuses what is not a switch.
    const refused = await s.dispatch('setLaunchAtLogin', { on: 'yes' }, appSender);
    expect(refused.ok).toBe(false);
  });

  it('writes the entry again at start when it was chosen and has gone (or the app moved), and reads an entry turned off by the desktop as off', async () => {
    const configHome = tempDir('baton-xdg-');
    const entry = path.join(configHome, 'autostart', AUTOSTART_FILE);
    const dataDir = tempDir();
    s = await start(configHome, dataDir);
    await call(s, 'setLaunchAtLogin', { on: true });
    await s.dispose();
    fs.rmSync(entry);
    s = await start(configHome, dataDir);
    expect(fs.existsSync(entry)).toBe(true);
    expect(s.hub.get().desktop?.launchAtLogin?.on).toBe(true);
    await s.dispose();

    // The desktop's own startup settings turn an entry off with Hidden=true: it stays off at the next start and
    // Settings shows it off, until the user switches it on in Baton, which writes the entry whole again.
    fs.appendFileSync(entry, 'Hidden=true\n');
    s = await start(configHome, dataDir);
    expect(s.hub.get().desktop?.launchAtLogin).toMatchObject({ on: false, choice: 'on' });
    expect(fs.readFileSync(entry, 'utf8')).toContain('Hidden=true');
    await expect(call(s, 'setLaunchAtLogin', { on: true })).resolves.toMatchObject({ on: true });
    expect(fs.readFileSync(entry, 'utf8')).not.toContain('Hidden=true');
  });

  it('says so in the app when the entry cannot be written', async () => {
    const configHome = tempDir('baton-xdg-');
    // A file where the autostart folder should be: nothing can be written under it.
    fs.writeFileSync(path.join(configHome, 'autostart'), '');
    s = await start(configHome);
    const state = await call(s, 'setLaunchAtLogin', { on: true });
    expect(state).toMatchObject({ on: false, choice: 'on' });
    const notice = s.hub.get().notices.find((n) => n.id === 'launch-at-login');
    expect(notice?.level).toBe('error');
    expect(notice?.message).toMatch(/^Baton could not set itself to start at login: /);
  });

  it('is not offered where the edge has no login item', async () => {
    s = await startServices();
    expect(s.hub.get().desktop?.launchAtLogin).toBeUndefined();
    await expect(call(s, 'setLaunchAtLogin', { on: true })).rejects.toThrow(/not available here/);
  });
});
