import fs from 'node:fs';
import path from 'node:path';
import { encodeRecord, segmentName } from '../../electron/journal';
import type { EventData, EventType } from '../../shared/events';

/**
 * Writes a realistic journal of `count` records straight to its segment files (the same encoding the
 * journal writes): a mix of pages, acks, resolutions, notes, runbook steps and follow-ups, one a minute.
 */
export function seedJournal(journalDir: string, count: number, start = Date.parse('2026-06-01T00:00:00Z')): void {
  fs.mkdirSync(journalDir, { recursive: true });
  const bySegment = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const ts = new Date(start + i * 60_000).toISOString();
    const [type, data] = seededEvent(i);
    const line = encodeRecord({ v: 1, seq: i + 1, ts, type, data });
    const segment = segmentName(ts);
    const lines = bySegment.get(segment) ?? [];
    lines.push(line);
    bySegment.set(segment, lines);
  }
  for (const [segment, lines] of bySegment) fs.writeFileSync(path.join(journalDir, segment), lines.join('\n') + '\n');
}

function seededEvent(i: number): [EventType, EventData<EventType>] {
  const pageId = `am-prod:${(0xc0ffee000 + Math.floor(i / 5)).toString(16).padStart(16, '0')}`;
  const service = ['api', 'db', 'cache', 'queue', 'auth'][i % 5];
  switch (i % 5) {
    case 0:
      return ['page.received', { pageId, sourceId: 'am-prod', sourceName: 'Alertmanager prod', dedupKey: pageId.split(':')[1], title: `HighLatency ${service} #${i}`, severity: 'warning', labels: { alertname: 'HighLatency', service }, annotations: { summary: `p99 latency of ${service} above 800 ms` }, startsAt: new Date(0).toISOString() }];
    case 1:
      return ['page.acknowledged', { pageId, by: 'Alice Example', via: 'app' }];
    case 2:
      return ['runbook.step.done', { runbookId: `rb-${service}`, runbookTitle: `${service} latency`, step: 'Check the last deploy', done: true, pageId }];
    case 3:
      return ['note.added', { id: `seed-note-${i}`, text: `Entry ${i}: restarted ${service} worker pool, latency back under 200 ms`, pageId }];
    default:
      return ['page.resolved', { pageId, via: 'source' }];
  }
}
