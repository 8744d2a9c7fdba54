import { afterEach, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { manualClock } from '../helpers/clock';
import { eventually } from '../helpers/wait';
import { renderMarkdown } from '../../shared/handoff';
import { WEBHOOK_SOURCE_ID } from '../../electron/pages';
import type { IncomingAlert } from '../../electron/pages/normalise';

/** Investigation notes on a page: journaled, listed on the page, a checkpoint reminded when it comes, carried into the handoff. */
let services: TestServices | null = null;
afterEach(async () => {
  await services?.dispose();
  services = null;
});

const alert = (name: string): IncomingAlert => ({
  pageId: `${WEBHOOK_SOURCE_ID}:${name}`, kind: 'generic', dedupKey: name, title: name, severity: 'critical', labels: { alertname: name }, annotations: {}, startsAt: '2026-11-10T21:00:00.000Z', firing: true,
});

describe('investigation notes on a page', () => {
  it('lists tried / ruled out / checkpoint, reminds at the checkpoint, and carries them into the handoff', async () => {
    const clock = manualClock('2026-11-10T21:00:00Z');
    const s = await startServices({ clock });
    services = s;
    await s.pages.ingest({ id: WEBHOOK_SOURCE_ID, name: 'payments' }, [alert('CheckoutErrors')]);
    const pageId = `${WEBHOOK_SOURCE_ID}:CheckoutErrors`;
    await call(s, 'addInvestigationNote', { pageId, kind: 'tried', text: 'Rolled back checkout 4.2' });
    await call(s, 'addInvestigationNote', { pageId, kind: 'ruled-out', text: 'the database: latency normal' });
    await call(s, 'addInvestigationNote', { pageId, kind: 'checkpoint', text: 'error rate below 1 %? else page the payments lead', checkpointAt: '2026-11-10T21:30:00.000Z' });
    await expect(call(s, 'addInvestigationNote', { pageId, kind: 'checkpoint', text: 'no time' })).rejects.toThrow(/a checkpoint needs a time/);

    const entries = await call(s, 'pageInvestigation', { pageId });
    expect(entries.map((e) => [e.kind, e.text])).toEqual([
      ['tried', 'Rolled back checkout 4.2'],
      ['ruled-out', 'the database: latency normal'],
      ['checkpoint', 'error rate below 1 %? else page the payments lead'],
    ]);
    expect((await call(s, 'pageHistory', { pageId })).map((h) => h.summary)).toContain('Ruled out: the database: latency normal');

    const before = s.notified.length;
    clock.advance(29 * 60_000);
    expect(s.notified.slice(before).filter((n) => n.title.startsWith('Checkpoint'))).toEqual([]);
    clock.advance(60_000);
    await eventually(() =>
      expect(s.notified.slice(before).find((n) => n.title.startsWith('Checkpoint'))).toMatchObject({
        title: 'Checkpoint: CheckoutErrors',
        body: 'Tue 10 Nov, 22:30 CET: error rate below 1 %? else page the payments lead',
      }),
    );

    const { report } = await call(s, 'getHandoffDraft', { kind: 'custom', start: '2026-11-10T20:00:00.000Z', end: '2026-11-11T08:00:00.000Z' });
    expect(report.openPages[0].investigation?.map((e) => e.kind)).toEqual(['tried', 'ruled-out', 'checkpoint']);
    expect(renderMarkdown(report)).toContain('  - Tried: Rolled back checkout 4.2\n  - Ruled out: the database: latency normal\n  - Next checkpoint Tue 10 Nov, 22:30 CET: error rate below 1 %? else page the payments lead\n');
  });

  it('does not remind a checkpoint of a page that was resolved meanwhile', async () => {
    const clock = manualClock('2026-11-10T21:00:00Z');
    const s = await startServices({ clock });
    services = s;
    await s.pages.ingest({ id: WEBHOOK_SOURCE_ID, name: 'payments' }, [alert('DiskFull')]);
    const pageId = `${WEBHOOK_SOURCE_ID}:DiskFull`;
    await call(s, 'addInvestigationNote', { pageId, kind: 'checkpoint', text: 'look again', checkpointAt: '2026-11-10T21:10:00.000Z' });
    await call(s, 'resolvePage', { pageId });
    const before = s.notified.length;
    clock.advance(10 * 60_000);
    // The checkpoint's timer has fired (nothing pending), and said nothing.
    expect(clock.pendingTimers()).toBe(0);
    expect(s.notified.slice(before).filter((n) => n.title.startsWith('Checkpoint'))).toEqual([]);
  });
});
