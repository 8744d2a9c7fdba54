import { JOURNAL_VERSION, type EventData, type EventType } from '../../shared/events';
import { parseRecord, type JournalRecord } from '../../shared/records';

/**
 * A year on call, generated: 52 weekly shifts (Monday 09:00 Berlin handoffs), pages from 40 alerts
 * at any hour (a few alerts far noisier than the rest), most acknowledged within minutes, then
 * resolved; a 20-minute coverage gap every fifth week. Deterministic (a fixed seed).
 */
export const WEEK = 7 * 86_400_000;
export const YEAR_START = Date.parse('2025-11-03T08:00:00.000Z'); // a Monday 09:00 in Berlin

/** 52 weekly shifts of Alice from `YEAR_START`, `perShift` events each, as the journal would read them. */
export function generateYear(perShift: number): JournalRecord[] {
  let seed = 17;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const events: { at: number; type: EventType; data: EventData<EventType> }[] = [];
  const push = <T extends EventType>(at: number, type: T, data: EventData<T>) => events.push({ at, type, data: data as EventData<EventType> });
  let page = 0;
  for (let w = 0; w < 52; w++) {
    const start = YEAR_START + w * WEEK;
    const end = start + WEEK;
    push(start, 'shift.started', { scheduleId: 'pp', scheduleName: 'Payments primary', person: 'Alice Example', start: new Date(start).toISOString(), end: new Date(end).toISOString() });
    let count = 1;
    if (w % 5 === 0) {
      const gap = start + Math.floor(random() * (WEEK - 3_600_000));
      push(gap + 1_200_000, 'coverage.gap', { reason: 'asleep', start: new Date(gap).toISOString(), end: new Date(gap + 1_200_000).toISOString() });
      count++;
    }
    while (count < perShift) {
      const at = start + Math.floor(random() * (WEEK - 7_200_000));
      const alert = Math.floor(random() ** 2 * 40);
      const pageId = `am:${++page}`;
      push(at, 'page.received', {
        pageId, sourceId: 'am', sourceName: 'payments-am', dedupKey: `alert-${alert}`, title: `Alert ${alert}`, severity: 'high',
        labels: { alertname: `Alert${alert}` }, annotations: {}, startsAt: new Date(at).toISOString(), kind: 'alertmanager',
      });
      count++;
      if (random() < 0.75 && count < perShift) {
        push(at + 30_000 + Math.floor(random() * 900_000), 'page.acknowledged', { pageId, by: 'Alice Example', via: 'app' });
        count++;
      }
      if (count < perShift) {
        push(at + 3_600_000, 'page.resolved', { pageId, via: 'source' });
        count++;
      }
    }
  }
  events.sort((a, b) => a.at - b.at);
  return events.map((e, i) => parseRecord({ v: JOURNAL_VERSION, seq: i + 1, ts: new Date(e.at).toISOString(), type: e.type, data: e.data }));
}

