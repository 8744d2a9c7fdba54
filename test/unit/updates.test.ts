import { describe, expect, it } from 'vitest';
import { createUpdates, FIRST_CHECK_AFTER_MS, UPDATE_CHECK_INTERVAL_MS, type Updater, type UpdaterEvent } from '../../electron/updates';
import { memoryLogger } from '../../electron/log';
import type { UpdateState } from '../../shared/desktop';
import { manualClock } from '../helpers/clock';

/** The schedule and the state around the updater; electron-updater itself runs for real in test/electron/updates.test.ts. */
function feedUpdater(answers: UpdaterEvent[][]) {
  const listeners: ((event: UpdaterEvent) => void)[] = [];
  const log = { checks: 0, installs: [] as boolean[] };
  const updater: Updater = {
    inactiveReason: () => null,
    async check() {
      const events = answers[log.checks++] ?? [{ type: 'checking' }, { type: 'current' }];
      for (const event of events) listeners.forEach((l) => l(event));
    },
    onEvent: (listener) => void listeners.push(listener),
    install: (restart) => (log.installs.push(restart), true),
  };
  return { updater, log };
}

describe('updates: checked daily and on demand, installed on quit, never a restart of its own', () => {
  it('checks a little after start and then once a day after the last check; a check on demand joins one that runs', async () => {
    const clock = manualClock('2026-11-20T09:00:00Z');
    const { updater, log } = feedUpdater([]);
    const published: UpdateState[] = [];
    const updates = createUpdates({ clock, log: memoryLogger(), updater, currentVersion: '0.1.0', publish: (s) => published.push(s) });
    expect(published.at(-1)).toEqual({ status: 'idle', current: '0.1.0' });
    clock.advance(FIRST_CHECK_AFTER_MS - 1);
    expect(log.checks).toBe(0);
    clock.advance(1);
    // A check on demand while one runs joins it.
    await expect(updates.checkNow()).resolves.toMatchObject({ status: 'current', checkedAt: '2026-11-20T09:05:00.000Z' });
    expect(log.checks).toBe(1);
    clock.advance(60_000);
    await expect(updates.checkNow()).resolves.toMatchObject({ status: 'current', checkedAt: '2026-11-20T09:06:00.000Z' });
    expect(log.checks).toBe(2);
    // The next daily check counts from the last check.
    clock.advance(UPDATE_CHECK_INTERVAL_MS - 1);
    expect(log.checks).toBe(2);
    clock.advance(1);
    expect(log.checks).toBe(3);
    updates.dispose();
  });

  it('downloads in the background, then waits for the quit to install (no restart), and does not check again meanwhile', async () => {
    const clock = manualClock('2026-11-20T09:00:00Z');
    const { updater, log } = feedUpdater([[{ type: 'checking' }, { type: 'available', version: '0.2.0' }, { type: 'progress', percent: 41.6 }, { type: 'downloaded', version: '0.2.0' }]]);
    const published: UpdateState[] = [];
    const updates = createUpdates({ clock, log: memoryLogger(), updater, currentVersion: '0.1.0', publish: (s) => published.push(s) });
    await expect(updates.checkNow()).resolves.toMatchObject({ status: 'ready', available: '0.2.0', percent: 100 });
    expect(published.map((s) => s.status)).toEqual(['idle', 'checking', 'downloading', 'downloading', 'ready']);
    expect(published[3].percent).toBe(42);
    await updates.checkNow();
    expect(log.checks).toBe(1);
    expect(log.installs).toEqual([]);
    updates.installOnQuit();
    expect(log.installs).toEqual([false]);
    updates.dispose();
  });

  it('a failed check is shown with its reason and tried again the next day', async () => {
    const clock = manualClock('2026-11-20T09:00:00Z');
    const { updater } = feedUpdater([[{ type: 'checking' }, { type: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' }]]);
    const updates = createUpdates({ clock, log: memoryLogger(), updater, currentVersion: '0.1.0', publish: () => undefined });
    await expect(updates.checkNow()).resolves.toMatchObject({ status: 'error', error: 'net::ERR_NAME_NOT_RESOLVED' });
    updates.installOnQuit(); // nothing downloaded: nothing to install
    updates.dispose();
  });
});
