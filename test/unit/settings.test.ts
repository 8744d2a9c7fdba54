import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../electron/settings';
import { defaultSettings, SettingsPatchSchema } from '../../shared/settings';
import { confStore, startServices, tempDir, type TestServices } from '../helpers/services';

const now = () => Date.parse('2026-11-22T10:00:00Z');

describe('settings on disk (conf, the store electron-store is built on)', () => {
  let services: TestServices | undefined;
  afterEach(async () => services?.dispose());

  it('starts from defaults and persists an update across a reopen', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const first = openSettings(file, () => confStore(dir), now);
    expect(first.settings.get()).toEqual(defaultSettings());
    first.settings.update({ identity: { name: 'Alice' }, theme: 'dark' });
    first.settings.setSection('schedules', [{ id: 'a' }]);

    const again = openSettings(file, () => confStore(dir), now);
    expect(again.recovered).toBeUndefined();
    expect(again.settings.get().identity.name).toBe('Alice');
    expect(again.settings.get().theme).toBe('dark');
    expect(again.settings.section('schedules')).toEqual([{ id: 'a' }]);
  });

  it.each([
    ['not JSON', '{"identity": {"name": "Al', 'not valid JSON'],
    ['a JSON array', '[1,2,3]', 'not a JSON object'],
    ['a value of the wrong type', '{"theme": "sepia"}', 'theme'],
  ])('moves a corrupt file (%s) aside, starts with defaults and tells the user', async (_label, content, reason) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), content);
    services = await startServices({ dataDir: dir });
    expect(services.settings.get()).toEqual(defaultSettings());
    const backups = fs.readdirSync(dir).filter((f) => f.startsWith('settings.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, backups[0]), 'utf8')).toBe(content);
    const notice = services.hub.get().notices.find((n) => n.id === 'settings-recovered');
    expect(notice?.message).toContain(reason);
    expect(notice?.detail).toContain(backups[0]);
    // The app keeps working: a new setting is saved to a fresh, valid file.
    services.settings.update({ timeZone: 'Asia/Tokyo' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).timeZone).toBe('Asia/Tokyo');
  });

  it('reports a failed save with the reason and keeps the previous settings', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const { settings } = openSettings(file, () => confStore(dir), now);
    // A settings file that is really a directory cannot be written.
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(() => settings.update({ theme: 'dark' })).toThrow(/Could not save settings/);
    expect(settings.get().theme).toBe('system');
  });

  it('validates patches: unknown zones, unknown fields and bad e-mails are refused', () => {
    expect(SettingsPatchSchema.safeParse({ timeZone: 'Mars/Base' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ timeZone: 'Australia/Sydney' }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ other: 1 }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ identity: { emails: ['not-an-email'] } }).success).toBe(false);
  });
});
