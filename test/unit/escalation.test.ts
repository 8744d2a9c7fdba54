import { describe, expect, it } from 'vitest';
import { EscalationSettingsSchema, inSupportHours, isHoldable, nextSupportStart, repeatDelayMinutes, soundFor } from '../../shared/escalation';
import { LoadHoursSchema } from '../../shared/trends';
import { heldText } from '../../shared/tray';
import { createHold } from '../../electron/escalation';
import { memoryLogger } from '../../electron/log';
import { manualClock } from '../helpers/clock';
import type { Page } from '../../shared/pages';

const business = LoadHoursSchema.parse({}).business; // 08:00–18:00 Mon–Fri
const BERLIN = 'Europe/Berlin';

describe('the escalation ladder', () => {
  const ladder = EscalationSettingsSchema.parse({ ladder: { critical: { repeatMinutes: [5, 2, 1], louderAfter: 2 } } }).ladder;

  it('repeats at intervals that shorten, the last one held; no list means the repeat interval of the notification settings', () => {
    expect([0, 1, 2, 3, 9].map((n) => repeatDelayMinutes(ladder.critical, n, 7))).toEqual([5, 2, 1, 1, 1]);
    expect(repeatDelayMinutes(ladder.high, 0, 7)).toBe(7);
  });

  it('plays the severity’s sound, and the louder one from the N-th unacknowledged repeat on', () => {
    expect([0, 1, 2, 3].map((n) => soundFor(ladder.critical, n))).toEqual(['dialog-warning', 'dialog-warning', 'alarm-clock-elapsed', 'alarm-clock-elapsed']);
    expect(soundFor(ladder.warning, 5)).toBe('message-new-instant');
    expect(soundFor(ladder.info, 0)).toBe('dialog-information');
  });

  it('refuses intervals that grow, with a reason that names the field', () => {
    const result = EscalationSettingsSchema.safeParse({ ladder: { high: { repeatMinutes: [1, 5] } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['ladder', 'high', 'repeatMinutes'], message: 'repeat intervals must shorten (or stay the same), never grow' });
  });

  it('never holds a critical page, whatever the rule', () => {
    const s = EscalationSettingsSchema.parse({ supportHours: { enabled: true, holdBelow: 'critical' } });
    expect(isHoldable('critical', s)).toBe(false);
    expect(isHoldable('high', s)).toBe(true);
    const below = EscalationSettingsSchema.parse({ supportHours: { enabled: true, holdBelow: 'high' } });
    expect(['critical', 'high', 'warning', 'info'].map((sev) => isHoldable(sev as Page['severity'], below))).toEqual([false, false, true, true]);
    expect(isHoldable('info', EscalationSettingsSchema.parse({}))).toBe(false);
  });
});

describe('support hours in the user’s zone', () => {
  it('are the business hours, in the zone, on support days only', () => {
    expect(inSupportHours(Date.parse('2026-11-30T08:30:00Z'), business, BERLIN)).toBe(true); // Mon 09:30 CET
    expect(inSupportHours(Date.parse('2026-11-30T06:30:00Z'), business, BERLIN)).toBe(false); // Mon 07:30 CET
    expect(inSupportHours(Date.parse('2026-11-28T10:00:00Z'), business, BERLIN)).toBe(false); // Saturday
  });

  it('begin next at 08:00 local on the next support day, across a weekend and across the end of DST', () => {
    // Friday 23 Oct 2026, 20:00 CEST; DST ends on Sunday 25 Oct; Monday 08:00 is CET (UTC+1).
    expect(new Date(nextSupportStart(Date.parse('2026-10-23T18:00:00Z'), business, BERLIN)!).toISOString()).toBe('2026-10-26T07:00:00.000Z');
    // Thursday 22 Oct 2026, 23:00 CEST: Friday 08:00 CEST (UTC+2).
    expect(new Date(nextSupportStart(Date.parse('2026-10-22T21:00:00Z'), business, BERLIN)!).toISOString()).toBe('2026-10-23T06:00:00.000Z');
    // Spring forward (29 Mar 2026) in New York's 8 Mar 2026: Sunday night → Monday 08:00 EDT.
    expect(new Date(nextSupportStart(Date.parse('2026-03-08T12:00:00Z'), business, 'America/New_York')!).toISOString()).toBe('2026-03-09T12:00:00.000Z');
    // In support hours: now.
    expect(nextSupportStart(Date.parse('2026-11-30T08:30:00Z'), business, BERLIN)).toBe(Date.parse('2026-11-30T08:30:00Z'));
    expect(nextSupportStart(0, { ...business, days: [] }, BERLIN)).toBeNull();
  });

  it('read in the tray as "3 held until 08:00 CET", the day named when it is further off', () => {
    expect(heldText({ count: 3, until: '2026-11-30T07:00:00.000Z' }, BERLIN, Date.parse('2026-11-29T22:00:00Z'))).toBe('3 held until 08:00 CET');
    expect(heldText({ count: 1, until: '2026-11-30T07:00:00.000Z' }, BERLIN, Date.parse('2026-11-27T22:00:00Z'))).toMatch(/^1 held until Mon 30 Nov.*08:00 CET$/);
  });
});

describe('holding pages outside support hours (injected clock, across the end of DST)', () => {
  const page = (id: string, severity: Page['severity'], status: Page['status'] = 'triggered') =>
    ({ id, severity, status, title: id }) as Page;

  function setup(records: Parameters<typeof createHold>[1] = []) {
    // Saturday 24 Oct 2026, 23:00 CEST.
    const clock = manualClock('2026-10-24T21:00:00Z');
    const pages = new Map<string, Page>();
    const journal: { type: string; data: unknown }[] = [];
    const delivered: string[][] = [];
    const hold = createHold(
      {
        clock,
        log: memoryLogger(),
        record: (type, data) => void journal.push({ type, data }),
        settings: () => EscalationSettingsSchema.parse({ supportHours: { enabled: true, holdBelow: 'high' } }),
        hours: () => business,
        timeZone: () => BERLIN,
        current: (id) => pages.get(id),
        deliver: async (list) => void delivered.push(list.map((p) => p.id)),
        changed: () => undefined,
      },
      records,
    );
    return { clock, pages, journal, delivered, hold };
  }

  it('holds warning pages until Monday 08:00 CET, leaves acknowledged ones out of the digest, and lets one that became critical through', async () => {
    const { clock, pages, journal, delivered, hold } = setup();
    for (const p of [page('a', 'warning'), page('b', 'info'), page('c', 'warning'), page('d', 'high')]) pages.set(p.id, p);
    expect(['a', 'b', 'c', 'd'].map((id) => hold.holds(pages.get(id)!))).toEqual([true, true, true, false]);
    expect(hold.summary()).toEqual({ count: 3, until: '2026-10-26T07:00:00.000Z' });
    expect(journal.filter((r) => r.type === 'page.held')).toHaveLength(3);

    pages.set('b', page('b', 'info', 'acknowledged'));
    expect(hold.summary()?.count).toBe(2);
    // "c" escalated to critical: it breaks through at once.
    pages.set('c', page('c', 'critical'));
    expect(hold.holds(pages.get('c')!)).toBe(false);
    expect(journal.at(-1)).toEqual({ type: 'page.digest', data: { pageIds: ['c'], left: [], reason: 'critical' } });

    clock.advance(Date.parse('2026-10-26T07:00:00Z') - 1 - clock.now());
    expect(delivered).toEqual([]);
    clock.advance(1);
    await Promise.resolve();
    expect(delivered).toEqual([['a']]);
    expect(journal.at(-1)).toEqual({ type: 'page.digest', data: { pageIds: ['a'], left: ['b'], reason: 'support-hours' } });
    expect(hold.summary()).toBeNull();
  });

  it('keeps what is held across a restart, from the journal', async () => {
    const first = setup();
    first.pages.set('a', page('a', 'warning'));
    first.hold.holds(first.pages.get('a')!);
    first.hold.dispose();
    const records = first.journal.map((r, seq) => ({ v: 1, seq, ts: '2026-10-24T21:00:00.000Z', ...r })) as unknown as Parameters<typeof createHold>[1];
    const second = setup(records);
    second.pages.set('a', page('a', 'warning'));
    expect(second.hold.isHeld('a')).toBe(true);
    expect(second.hold.summary()).toEqual({ count: 1, until: '2026-10-26T07:00:00.000Z' });
    second.clock.set(Date.parse('2026-10-26T07:00:00Z'));
    await Promise.resolve();
    expect(second.delivered).toEqual([['a']]);
  });
});
