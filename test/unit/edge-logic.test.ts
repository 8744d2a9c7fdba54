import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from '../../electron/external';
import { createAesBox, redactUrl } from '../../electron/secrets';
import { formatDateTime, formatDuration, zoneAbbreviation } from '../../shared/time';
import { createPause } from '../../electron/pause';
import { createHub } from '../../electron/hub';
import { memoryLogger } from '../../electron/log';
import { manualClock } from '../helpers/clock';
import { NOT_PAUSED } from '../../shared/pause';
import { defaultSettings } from '../../shared/settings';
import { reportingNotifier } from '../../electron/notifier';
import { initialAppState } from '../../shared/state';
import crypto from 'node:crypto';

describe('checkExternalUrl', () => {
  it('lets http(s) through and refuses every other scheme', () => {
    expect(checkExternalUrl('https://runbooks.example.com/db#step-2')).toBe('https://runbooks.example.com/db#step-2');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x', 'smb://host/share', 'vbscript:x']) {
      expect(() => checkExternalUrl(bad)).toThrow(/only opens http and https/);
    }
    expect(() => checkExternalUrl('not a url')).toThrow(/Not a valid link/);
    expect(() => checkExternalUrl('https://user:pw@example.com/')).toThrow(/user name or password/);
  });
});

describe('secrets', () => {
  it('round-trips through AES-GCM and refuses a tampered value', () => {
    const box = createAesBox(crypto.randomBytes(32));
    const sealed = box.encrypt('https://calendar.example.com/ical/abc?token=s3cr3t');
    expect(sealed).not.toContain('s3cr3t');
    expect(box.decrypt(sealed)).toBe('https://calendar.example.com/ical/abc?token=s3cr3t');
    const raw = Buffer.from(sealed, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => box.decrypt(raw.toString('base64'))).toThrow();
  });

  it('redacts a URL down to scheme and host', () => {
    expect(redactUrl('https://x.pagerduty.com/private/abcdef/feed.ics?token=1')).toBe('https://x.pagerduty.com/…');
    expect(redactUrl('%%%')).toBe('(invalid URL)');
  });
});

describe('time formatting', () => {
  it('names the zone, and follows DST', () => {
    expect(formatDateTime('2026-07-01T07:00:00Z', 'Europe/Berlin')).toBe('Wed 01 Jul, 09:00 CEST');
    expect(formatDateTime('2026-12-01T08:00:00Z', 'Europe/Berlin')).toBe('Tue 01 Dec, 09:00 CET');
    expect(formatDateTime('2026-11-01T14:00:00Z', 'America/New_York')).toBe('Sun 01 Nov, 09:00 EST');
    expect(zoneAbbreviation(new Date('2026-01-10T00:00:00Z'), 'Australia/Sydney')).toMatch(/AEDT|GMT\+11/);
    expect(zoneAbbreviation(new Date(), 'UTC')).toBe('UTC');
  });

  it('formats durations the way the tray shows them', () => {
    expect(formatDuration(30_000)).toBe('<1 min');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(3 * 3600_000 + 5 * 60_000)).toBe('3 h 05 min');
    expect(formatDuration(2 * 86400_000 + 4 * 3600_000 + 59 * 60_000)).toBe('2 d 4 h');
    expect(formatDuration(-5)).toBe('<1 min');
  });
});

describe('pause', () => {
  const appState = () => initialAppState({ version: 't', platform: 'linux', systemTimeZone: 'UTC' }, defaultSettings());

  it('ends a timed pause by itself, with one timer', () => {
    const clock = manualClock('2026-11-22T10:00:00Z');
    const hub = createHub(appState(), memoryLogger());
    const pushed: unknown[] = [];
    hub.connect((name, payload) => pushed.push([name, payload]));
    const pause = createPause(hub, clock);
    pause.pause({ minutes: 15 });
    expect(pause.isPaused()).toBe(true);
    expect(hub.get().pause.until).toBe('2026-11-22T10:15:00.000Z');
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(14 * 60_000);
    expect(pause.isPaused()).toBe(true);
    clock.advance(60_000);
    expect(pause.isPaused()).toBe(false);
    expect(hub.get().pause).toEqual(NOT_PAUSED);
    expect(pushed.at(-1)).toEqual(['state', { pause: NOT_PAUSED }]);
  });

  it('pauses until resumed, and a new pause replaces the old timer', () => {
    const clock = manualClock('2026-11-22T10:00:00Z');
    const pause = createPause(createHub(appState(), memoryLogger()), clock);
    pause.pause({ minutes: 60 });
    pause.pause({ indefinite: true });
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(24 * 3600_000);
    expect(pause.isPaused()).toBe(true);
    pause.resume();
    expect(pause.isPaused()).toBe(false);
  });
});

describe('reportingNotifier', () => {
  it('logs and reports a failing notifier instead of failing silently', async () => {
    const log = memoryLogger();
    const failures: string[] = [];
    const notifier = reportingNotifier(
      { notify: async () => ({ ok: false, error: 'spawn notify-send ENOENT' }) },
      log,
      (e) => failures.push(e),
    );
    const result = await notifier.notify({ key: 'k', title: 'Disk full on db-1', body: '', urgency: 'critical', sticky: true, sound: true });
    expect(result.ok).toBe(false);
    expect(failures).toEqual(['spawn notify-send ENOENT']);
    expect(log.lines[0]).toContain('Disk full on db-1');
  });
});

describe('runtime', () => {
  it('runs on Node 24, the Node that Electron 45 embeds', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(24);
  });
});
