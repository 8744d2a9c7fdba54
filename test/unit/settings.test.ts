import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineSection, migrateSettings, openSettings, type InvalidSection } from '../../electron/settings';
import { schedulesSection } from '../../electron/shifts/config';
import { defaultSettings, SettingsPatchSchema } from '../../shared/settings';
import type { NotificationRule } from '../../shared/pages';
import { call, confStore, startServices, tempDir, type TestServices } from '../helpers/services';

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
    first.settings.write(schedulesSection, { ...first.settings.read(schedulesSection), aliases: ['Alice A.'] });

    const again = openSettings(file, () => confStore(dir), now);
    expect(again.recovered).toBeUndefined();
    expect(again.settings.get().identity.name).toBe('Alice');
    expect(again.settings.get().theme).toBe('dark');
    expect(again.settings.read(schedulesSection).aliases).toEqual(['Alice A.']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).schedules.aliases).toEqual(['Alice A.']);
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
    // Opening wrote nothing (nothing changed); a settings file that is really a directory cannot be written.
    expect(fs.existsSync(file)).toBe(false);
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

describe('settings sections: typed, and one way to recover from a bad one', () => {
  const Widgets = z.object({ size: z.number().int().min(1).default(3), names: z.array(z.string()).default([]) });
  const widgets = defineSection({ key: 'widgets', schema: Widgets, label: 'widget settings', fallback: 'Baton uses the default widgets.' });

  function open(content: Record<string, unknown>) {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify(content));
    return { file, ...openSettings(file, () => confStore(dir), now) };
  }

  it('reads a section through its schema, defaults filled in', () => {
    const { settings } = open({ widgets: { size: 5 } });
    expect(settings.read(widgets)).toEqual({ size: 5, names: [] });
  });

  it('falls back to the defaults of a bad section and tells the user once, even before anyone listens', () => {
    const { settings } = open({ widgets: { size: 'huge' }, theme: 'dark' });
    expect(settings.read(widgets)).toEqual({ size: 3, names: [] });
    expect(settings.read(widgets)).toEqual({ size: 3, names: [] });
    const problems: InvalidSection[] = [];
    settings.onInvalidSection((problem) => problems.push(problem));
    expect(problems).toEqual([
      { key: 'widgets', noticeId: 'settings-section:widgets', message: expect.stringMatching(/^Your widget settings could not be read \(size: .+\)\. Baton uses the default widgets\.$/) },
    ]);
    // The rest of the file is untouched: a bad section is not a bad file.
    expect(settings.get().theme).toBe('dark');
  });

  it('writes only values its schema accepts, and a write replaces a bad section', () => {
    const { settings, file } = open({ widgets: [1, 2] });
    settings.onInvalidSection(() => {});
    expect(() => settings.write(widgets, { size: 0, names: [] })).toThrow();
    expect(settings.write(widgets, { size: 4, names: ['a'] })).toEqual({ size: 4, names: ['a'] });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).widgets).toEqual({ size: 4, names: ['a'] });
  });

  it('tells the user about each feature’s bad section with the same kind of notice, and keeps running', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ schedules: { refreshMinutes: 0 }, pageSources: { sources: 'none' }, runbookSources: { urls: 7 }, handoff: { flapMinutes: -1 } }),
    );
    const services = await startServices({ dataDir });
    try {
      const notices = services.hub.get().notices.filter((n) => n.id.startsWith('settings-section:'));
      expect(notices.map((n) => n.id).sort()).toEqual(['handoff', 'pageSources', 'runbookSources', 'schedules'].map((key) => `settings-section:${key}`));
      for (const notice of notices) expect(notice.message).toMatch(/^Your .+ could not be read \(.+\)\. .+/);
      expect(services.hub.get().pages.config.sources).toEqual([]);
      expect(services.hub.get().handoff?.settings.flapMinutes).toBe(30);
    } finally {
      await services.dispose();
    }
  });
});

describe('notification settings: one section, migrated from where rules used to live', () => {
  const mute: NotificationRule = { action: 'mute', sourceId: '', severities: ['info'], matchers: [{ name: 'team', op: '=', value: 'web' }] };
  const before = {
    identity: { name: 'Alice', emails: [] },
    notifications: { sound: false, repeatMinutes: 5 },
    pageSources: { sources: [], rules: [mute], criticalBreaksPause: false, ackMinutes: 30 },
  };

  it('moves rules and "critical breaks pause" from the alert sources into the notification settings', () => {
    const moved = migrateSettings(before);
    expect(moved.notifications).toEqual({ sound: false, repeatMinutes: 5, rules: [mute], criticalBreaksPause: false });
    expect(moved.pageSources).toEqual({ sources: [], ackMinutes: 30 });
    expect(migrateSettings(moved)).toEqual(moved);
  });

  it('keeps a user’s notification settings across the upgrade, on disk and in the running app', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify(before));
    const services = await startServices({ dataDir });
    try {
      expect(services.hub.get().notices).toEqual([]);
      expect(services.settings.get().notifications).toEqual({ sound: false, repeatMinutes: 5, rules: [mute], criticalBreaksPause: false, stormWindowSeconds: 4 });
      expect(services.hub.get().pages.config).toMatchObject({ rules: [mute], criticalBreaksPause: false, ackMinutes: 30 });
      const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(onDisk.notifications).toEqual({ sound: false, repeatMinutes: 5, rules: [mute], criticalBreaksPause: false, stormWindowSeconds: 4 });
      expect(onDisk.pageSources).not.toHaveProperty('rules');
      expect(onDisk.identity.name).toBe('Alice');
    } finally {
      await services.dispose();
    }
  });

  it('saves rules changed from the alert-source settings with the other notification settings', async () => {
    const services = await startServices();
    try {
      const config = await call(services, 'updatePagesConfig', { rules: [mute], criticalBreaksPause: false });
      expect(config).toMatchObject({ rules: [mute], criticalBreaksPause: false });
      expect(services.hub.get().settings.notifications).toMatchObject({ sound: true, repeatMinutes: 2, rules: [mute], criticalBreaksPause: false });
      await call(services, 'updateSettings', { notifications: { repeatMinutes: 10 } });
      expect(services.settings.get().notifications.rules).toEqual([mute]);
    } finally {
      await services.dispose();
    }
  });

  it('leaves a broken notification section for the settings check to report instead of papering over it', () => {
    const broken = { ...before, notifications: 'loud' };
    expect(migrateSettings(broken)).toBe(broken);
  });
});

describe('a hand-edited bad notification rule is not a bad settings file', () => {
  const mute: NotificationRule = { action: 'mute', sourceId: '', severities: ['info'], matchers: [] };
  // "severity" (not "severities") and an action Baton does not know: the kind of slip a hand edit makes.
  const typo = { action: 'snooze', severity: 'critical' };
  const edited = {
    identity: { name: 'Alice', emails: ['alice@example.com'] },
    timeZone: 'Europe/Berlin',
    theme: 'dark',
    notifications: { sound: false, repeatMinutes: 5, rules: [mute, typo], criticalBreaksPause: false },
    pageSources: { sources: [], ackMinutes: 30 },
    schedules: { aliases: ['Alice A.'] },
  };

  it('keeps the identity and every other setting, drops only the rules, and tells the user once', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify(edited));
    const services = await startServices({ dataDir });
    try {
      expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('settings.corrupt-'))).toEqual([]);
      const settings = services.settings.get();
      expect(settings.identity).toEqual({ name: 'Alice', emails: ['alice@example.com'] });
      expect(settings.timeZone).toBe('Europe/Berlin');
      expect(settings.theme).toBe('dark');
      // The rules are ordered, so none are kept (every page notifies); the fields that were valid stay.
      expect(settings.notifications).toEqual({ sound: false, repeatMinutes: 5, rules: [], criticalBreaksPause: false, stormWindowSeconds: 4 });
      expect(services.settings.read(schedulesSection).aliases).toEqual(['Alice A.']);
      expect(services.hub.get().pages.config).toMatchObject({ rules: [], ackMinutes: 30 });

      const notices = services.hub.get().notices;
      expect(notices.map((n) => n.id)).toEqual(['settings-section:notifications']);
      expect(notices[0].message).toMatch(/^Your notification settings could not be read \(notifications\.rules\.1\.action: .+\)\. /);
      expect(notices[0].message).toContain('every page notifies');

      // The user's text stays in the file to be fixed, until the settings are saved again.
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).notifications.rules).toEqual([mute, typo]);
      await call(services, 'updateSettings', { notifications: { rules: [mute] } });
      const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(onDisk.notifications).toEqual({ sound: false, repeatMinutes: 5, rules: [mute], criticalBreaksPause: false, stormWindowSeconds: 4 });
      expect(onDisk.identity.name).toBe('Alice');
    } finally {
      await services.dispose();
    }
  });

  it('does the same for a bad rule still kept with the alert sources by an earlier Baton', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const old = { identity: edited.identity, theme: 'dark', notifications: { sound: false }, pageSources: { sources: [], rules: [typo], ackMinutes: 30 } };
    fs.writeFileSync(file, JSON.stringify(old));
    const { settings, recovered } = openSettings(file, () => confStore(dir), now);
    expect(recovered).toBeUndefined();
    expect(settings.get().identity.name).toBe('Alice');
    expect(settings.get().theme).toBe('dark');
    expect(settings.get().notifications).toEqual({ sound: false, repeatMinutes: 2, rules: [], criticalBreaksPause: true, stormWindowSeconds: 4 });
    const problems: InvalidSection[] = [];
    settings.onInvalidSection((problem) => problems.push(problem));
    expect(problems.map((p) => p.noticeId)).toEqual(['settings-section:notifications']);
  });

  it('falls back to the notification defaults when the section is not an object at all', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ identity: edited.identity, notifications: 'loud' }));
    const { settings, recovered } = openSettings(file, () => confStore(dir), now);
    expect(recovered).toBeUndefined();
    expect(settings.get().identity.name).toBe('Alice');
    expect(settings.get().notifications).toEqual(defaultSettings().notifications);
    const problems: InvalidSection[] = [];
    settings.onInvalidSection((problem) => problems.push(problem));
    expect(problems).toEqual([
      { key: 'notifications', noticeId: 'settings-section:notifications', message: expect.stringMatching(/\(notifications: .+\)\. Baton uses their defaults until they are saved again/) },
    ]);
  });
});

