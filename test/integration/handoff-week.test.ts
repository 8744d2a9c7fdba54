import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSender, startServices, type TestServices } from '../helpers/services';
import { manualClock } from '../helpers/clock';
import { generateWeek, recordWeek, WEEK_END, WEEK_START, type PlannedPage, type Week } from '../helpers/handoff-week';
import { renderMarkdown, type HandoffReport } from '../../shared/handoff';

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return Math.round(s / xs.length);
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
}
function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describe('handoff of a realistic week across the end of summer time (Europe/Berlin)', () => {
  let services: TestServices;
  let week: Week;
  let report: HandoffReport;
  let markdown: string;

  beforeAll(async () => {
    const clock = manualClock(WEEK_START - 3600_000);
    services = await startServices({ clock });
    week = generateWeek();
    await recordWeek(services.journal, clock, week);
    clock.set(WEEK_END + 3600_000); // an hour after the shift ended
    const result = await services.dispatch('getHandoffDraft', { kind: 'shift' }, appSender);
    if (!result.ok) throw new Error(result.error.message);
    ({ report } = result.value as { report: HandoffReport });
    // The Markdown the Handoff view previews for this report.
    markdown = renderMarkdown(report, { embedJson: false });
  });
  afterAll(async () => {
    await services?.dispose();
  });

  it('takes the window and the people from the shift in the journal, in the display zone', () => {
    expect(report.header.window).toEqual({ start: new Date(WEEK_START).toISOString(), end: new Date(WEEK_END).toISOString(), timeZone: 'Europe/Berlin' });
    expect(report.header.outgoing).toBe('Alice Example');
    expect(report.header.scheduleName).toBe('Payments primary');
    // The window is 169 hours long: the night of 25 October has an extra hour.
    expect(WEEK_END - WEEK_START).toBe(169 * 3600_000);
    expect(markdown).toContain('Mon 19 Oct, 09:00 CEST → Mon 26 Oct, 09:00 CET (Europe/Berlin)');
  });

  it('counts pages in total, by severity and by source', () => {
    const pages = week.pages;
    expect(report.stats.pages).toBe(pages.length);
    const bySeverity = countBy(pages, (p) => p.alert.severity);
    for (const severity of ['critical', 'high', 'warning', 'info'] as const) expect(report.stats.bySeverity[severity]).toBe(bySeverity[severity] ?? 0);
    const bySource = countBy(pages, (p) => p.alert.source.name);
    expect(Object.fromEntries(report.stats.bySource.map((s) => [s.source, s.count]))).toEqual(bySource);
  });

  it('measures acknowledgement and resolution times (mean and median)', () => {
    const acked = week.pages.filter((p) => p.ackAt !== null);
    const resolved = week.pages.filter((p) => p.resolvedAt !== null);
    expect(report.stats.acknowledged).toBe(acked.length);
    expect(report.stats.timeToAcknowledge).toEqual({
      count: acked.length,
      meanMs: mean(acked.map((p) => p.ackAt! - p.receivedAt)),
      medianMs: median(acked.map((p) => p.ackAt! - p.receivedAt)),
    });
    expect(report.stats.resolved).toBe(resolved.length);
    expect(report.stats.timeToResolve).toEqual({
      count: resolved.length,
      meanMs: mean(resolved.map((p) => p.resolvedAt! - p.receivedAt)),
      medianMs: median(resolved.map((p) => p.resolvedAt! - p.receivedAt)),
    });
  });

  it('counts pages outside business hours and during sleep hours by Berlin wall time, on both sides of the change', () => {
    // 19 Oct 2026 is a Monday: day offset 0..4 are weekdays, 5 and 6 the weekend.
    const outside = week.pages.filter((p) => p.localDay >= 5 || p.localHour < 9 || p.localHour >= 17);
    const asleep = week.pages.filter((p) => p.localHour >= 23 || p.localHour < 7);
    expect(report.stats.outsideBusinessHours).toBe(outside.length);
    expect(report.stats.duringSleepHours).toBe(asleep.length);
    // The generated week really has pages on the CET side of the change at night.
    expect(asleep.some((p) => p.localDay === 6)).toBe(true);
  });

  it('finds flapping and repeated alerts by dedup key', () => {
    const flaps: Record<string, number> = {};
    for (const p of week.pages) {
      const before = week.pages.filter((q) => q.alert.fingerprint === p.alert.fingerprint && q.resolvedAt !== null && q.resolvedAt < p.receivedAt);
      const last = Math.max(...before.map((q) => q.resolvedAt!));
      if (before.length > 0 && p.receivedAt - last <= 30 * 60_000) flaps[p.alert.fingerprint] = (flaps[p.alert.fingerprint] ?? 0) + 1;
    }
    expect(Object.fromEntries(report.stats.flapping.map((f) => [f.dedupKey, f.flaps]))).toEqual(flaps);
    expect(flaps['1234abcd5678ef90']).toBeGreaterThanOrEqual(3);
    const counts = countBy(week.pages, (p) => p.alert.fingerprint);
    const repeated = Object.fromEntries(Object.entries(counts).filter(([, c]) => c >= 2));
    expect(Object.fromEntries(report.stats.repeated.map((r) => [r.dedupKey, r.count]))).toEqual(repeated);
  });

  it('lists still-open pages with their last action, and the silence still in force', () => {
    const open = week.pages.filter((p) => p.resolvedAt === null);
    expect(open.length).toBeGreaterThan(0);
    expect(report.openPages.map((p) => p.pageId).sort()).toEqual(open.map((p) => p.pageId).sort());
    for (const item of report.openPages) {
      const planned = week.pages.find((p) => p.pageId === item.pageId) as PlannedPage;
      expect(item.acknowledged).toBe(planned.ackAt !== null);
      // The last action reads as the catalogue words it: the ack, a runbook step, or a note's own text.
      if (planned.ackAt !== null) expect(item.lastAction?.text).toMatch(/^Acknowledged by Alice Example|^Done: “Check the last deploy” in High error rate$|^Settlement queue drained/);
      else expect(item.lastAction).toBeNull();
    }
    expect(report.silences.map((s) => [s.silenceId, s.endsAt])).toEqual([[week.silenceInForce.silenceId, week.silenceInForce.endsAt]]);
    expect(report.silences[0].matchers).toBe('alertname="DiskWillFillIn4h", service=~"db-.*"');
  });

  it('ranks the noisiest alerts and marks the ones nobody acted on as needing tuning', () => {
    const counts = countBy(week.pages, (p) => p.alert.fingerprint);
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    expect(report.noisiest[0].count).toBe(top[1]);
    const acted = new Set(week.pages.filter((p) => p.ackAt !== null).map((p) => p.alert.fingerprint));
    for (const n of report.noisiest) {
      expect(n.count).toBe(counts[n.dedupKey]);
      expect(n.needsTuning).toBe(n.count >= 3 && !acted.has(n.dedupKey));
    }
  });

  it('carries open follow-ups and the notes of the shift', () => {
    expect(report.followups.map((f) => f.id)).toEqual(week.followupsOpen);
    expect(report.followups.find((f) => f.id === 'fu-1')).toMatchObject({ owner: 'Alice Example', due: '2026-10-30' });
    expect(report.notes).toHaveLength(week.notesInWindow);
    expect(markdown).toMatch(/Sun 25 Oct, 04:05 CET — Night was calm after the clock change/);
  });
});
