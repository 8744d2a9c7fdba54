import { describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../helpers/clock';
import type { Clock } from '../../electron/clock';
import { createStormGate } from '../../electron/pages/storm';
import type { Alerter } from '../../electron/pages/alerter';
import type { Page } from '../../shared/pages';

const page = (n: number, severity: Page['severity'] = 'warning'): Page => ({
  id: `p${n}`, sourceId: 's', sourceName: 'k8s', kind: 'generic', dedupKey: `p${n}`, title: `Page ${n}`, severity,
  labels: {}, annotations: {}, startsAt: '2026-11-30T03:00:00.000Z', receivedAt: '2026-11-30T03:00:00.000Z', status: 'triggered', fired: 1,
});

function gate(clock: Clock = manualClock('2026-11-30T03:00:00Z')) {
  const sent: { ids: string[]; asGroup: boolean }[] = [];
  const alerter: Alerter = {
    announce: async (pages, _source, options) => void sent.push({ ids: pages.map((p) => p.id), asGroup: options?.asGroup ?? false }),
    remind: () => undefined,
    settle: () => undefined,
    repeatCount: () => 0,
    digest: async () => undefined,
    dispose: () => undefined,
  };
  return { clock: clock as ManualClock, sent, storm: createStormGate({ clock, alerter, windowMs: () => 4_000, onError: (error) => { throw error; } }) };
}

describe('storm gate', () => {
  it('announces the first page at once and the rest of the window together', () => {
    const { clock, sent, storm } = gate();
    storm.announce([page(1)], 'k8s');
    storm.announce([page(2)], 'k8s');
    storm.announce([page(3)], 'k8s');
    expect(sent).toEqual([{ ids: ['p1'], asGroup: false }]);
    clock.advance(4_000);
    expect(sent.at(-1)).toEqual({ ids: ['p2', 'p3'], asGroup: true });
  });

  it('never drops held pages when the window has ended before its timer ran (a clock jump)', () => {
    // A clock whose timers have not had their turn yet: the window's end is seen before its timer runs.
    let now = Date.parse('2026-11-30T03:00:00Z');
    const stalled: Clock = { now: () => now, setTimeout: () => ({}), clearTimeout: () => undefined };
    const { sent, storm } = gate(stalled);
    storm.announce([page(1)], 'k8s');
    storm.announce([page(2)], 'k8s');
    now = Date.parse('2026-12-30T03:00:00Z');
    storm.announce([page(3)], 'k8s');
    expect(sent).toEqual([{ ids: ['p1'], asGroup: false }, { ids: ['p2', 'p3'], asGroup: true }]);
  });

  it('lets the first critical page of a storm through at once, with what was held', () => {
    const { sent, storm } = gate();
    storm.announce([page(1)], 'k8s');
    storm.announce([page(2)], 'k8s');
    storm.announce([page(3, 'critical')], 'k8s');
    expect(sent).toEqual([{ ids: ['p1'], asGroup: false }, { ids: ['p2', 'p3'], asGroup: true }]);
    // A second critical page in the same storm joins the next group.
    storm.announce([page(4, 'critical')], 'k8s');
    expect(sent).toHaveLength(2);
  });

  it('keeps sources apart', () => {
    const { sent, storm } = gate();
    storm.announce([page(1)], 'k8s');
    storm.announce([page(2)], 'cron');
    expect(sent.map((s) => s.ids)).toEqual([['p1'], ['p2']]);
  });
});
