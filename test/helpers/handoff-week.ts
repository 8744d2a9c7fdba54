import type { EventData, EventType } from '../../shared/events';
import type { Journal } from '../../electron/journal';
import type { ManualClock } from './clock';

/**
 * A realistic on-call week in Europe/Berlin across the end of summer time (Sun 25 Oct 2026,
 * 03:00 CEST → 02:00 CET): Alertmanager-style pages with fingerprints, acks, resolutions,
 * a flapping alert, silences, notes, runbook steps, follow-ups and the shift events.
 *
 * Every time is chosen as a Berlin wall time and converted with the two offsets of that week
 * written out by hand, so the test's expectations never go through the code under test.
 */

export const WEEK_START = Date.UTC(2026, 9, 19, 7, 0); // Mon 19 Oct 09:00 CEST
export const WEEK_END = Date.UTC(2026, 9, 26, 8, 0); // Mon 26 Oct 09:00 CET
const MIN = 60_000;

/** Berlin wall time (day offset from Mon 19 Oct) → UTC instant, by hand. */
export function berlin(dayOffset: number, hour: number, minute: number): number {
  const day = 19 + dayOffset;
  // Summer time ends on Sunday 25 Oct at 03:00 local (01:00 UTC).
  const summer = day < 25 || (day === 25 && hour < 2);
  return Date.UTC(2026, 9, day, hour - (summer ? 2 : 1), minute);
}

interface Alert {
  name: string;
  fingerprint: string;
  severity: EventData<'page.received'>['severity'];
  source: { id: string; name: string };
  service: string;
  weight: number;
  runbook?: string;
}

const PAYMENTS = { id: 'am-payments', name: 'payments-alertmanager' };
const PLATFORM = { id: 'am-platform', name: 'platform-alertmanager' };

export const ALERTS: Alert[] = [
  { name: 'HighErrorRate', fingerprint: 'a1b2c3d4e5f60718', severity: 'critical', source: PAYMENTS, service: 'checkout', weight: 3, runbook: 'https://runbooks.example.com/payments/high-error-rate' },
  { name: 'PaymentLatencyP99', fingerprint: '0f1e2d3c4b5a6978', severity: 'high', source: PAYMENTS, service: 'gateway', weight: 5 },
  { name: 'DiskWillFillIn4h', fingerprint: '9a8b7c6d5e4f3021', severity: 'warning', source: PLATFORM, service: 'db-primary', weight: 8 },
  { name: 'KubePodCrashLooping', fingerprint: '1234abcd5678ef90', severity: 'warning', source: PLATFORM, service: 'ledger-worker', weight: 6 },
  { name: 'CertificateExpiresSoon', fingerprint: 'fedcba9876543210', severity: 'info', source: PLATFORM, service: 'ingress', weight: 2 },
  { name: 'QueueBacklog', fingerprint: '5566778899aabbcc', severity: 'high', source: PAYMENTS, service: 'settlement', weight: 4 },
];

export interface PlannedPage {
  pageId: string;
  alert: Alert;
  receivedAt: number;
  localDay: number;
  localHour: number;
  localMinute: number;
  ackAt: number | null;
  resolvedAt: number | null;
  flapOf?: string;
}

export interface PlannedEvent<T extends EventType = EventType> {
  at: number;
  type: T;
  data: EventData<T>;
}

export interface Week {
  pages: PlannedPage[];
  events: PlannedEvent[];
  silenceInForce: { silenceId: string; endsAt: string };
  followupsOpen: string[];
  notesInWindow: number;
}

/** mulberry32: a small seeded generator, so the week is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateWeek(seed = 7, pageCount = 64): Week {
  const rnd = random(seed);
  const pick = (): Alert => {
    const total = ALERTS.reduce((s, a) => s + a.weight, 0);
    let x = rnd() * total;
    for (const a of ALERTS) if ((x -= a.weight) < 0) return a;
    return ALERTS[0];
  };
  const pages: PlannedPage[] = [];
  const events: PlannedEvent[] = [];
  const push = <T extends EventType>(at: number, type: T, data: EventData<T>) => events.push({ at, type, data } as PlannedEvent);

  const received = (p: PlannedPage) => {
    const a = p.alert;
    push(p.receivedAt, 'page.received', {
      pageId: p.pageId,
      sourceId: a.source.id,
      sourceName: a.source.name,
      dedupKey: a.fingerprint,
      title: `${a.name} ${a.service}`,
      severity: a.severity,
      labels: { alertname: a.name, service: a.service, severity: a.severity, team: 'payments' },
      annotations: { summary: `${a.name} on ${a.service}`, ...(a.runbook ? { runbook_url: a.runbook } : {}) },
      ...(a.runbook ? { runbookUrl: a.runbook } : {}),
      generatorUrl: `http://prometheus.example.com/graph?g0.expr=${encodeURIComponent(a.name)}`,
      startsAt: new Date(p.receivedAt - 60_000).toISOString(),
    });
  };

  let n = 0;
  while (pages.length < pageCount) {
    const day = Math.floor(rnd() * 7);
    const hour = Math.floor(rnd() * 24);
    const minute = Math.floor(rnd() * 60);
    // Day 0 starts at 09:00; the DST night has no clean 02:xx local time (it happens twice): skip it.
    if (day === 0 && hour < 9) continue;
    if (day === 6 && hour === 2) continue;
    const at = berlin(day, hour, minute) + 7_000; // seconds after the minute, like real receipt times
    const alert = pick();
    const acked = rnd() < 0.85;
    const ackAt = acked ? at + (1 + Math.floor(rnd() * 30)) * MIN : null;
    const resolves = rnd() < 0.88;
    const resolvedAt = resolves ? (ackAt ?? at) + (5 + Math.floor(rnd() * 240)) * MIN : null;
    const page: PlannedPage = {
      pageId: `${alert.source.id}:${alert.fingerprint}:${n++}`,
      alert,
      receivedAt: at,
      localDay: day,
      localHour: hour,
      localMinute: minute,
      ackAt: ackAt !== null && ackAt < WEEK_END ? ackAt : null,
      resolvedAt: resolvedAt !== null && resolvedAt < WEEK_END ? resolvedAt : null,
    };
    pages.push(page);
  }

  // A flapping alert: KubePodCrashLooping resolves and fires again 12 minutes later, three times on Thursday.
  const crash = ALERTS[3];
  let t = berlin(3, 14, 0);
  for (let i = 0; i < 4; i++) {
    const resolvedAt = t + 8 * MIN;
    pages.push({
      pageId: `${crash.source.id}:${crash.fingerprint}:flap${i}`,
      alert: crash,
      receivedAt: t,
      localDay: 3,
      localHour: 14,
      localMinute: i * 20,
      ackAt: null,
      resolvedAt,
      flapOf: i > 0 ? crash.fingerprint : undefined,
    });
    t = resolvedAt + 12 * MIN;
  }

  for (const p of pages) {
    received(p);
    if (p.ackAt !== null) {
      push(p.ackAt, 'page.acknowledged', { pageId: p.pageId, by: 'Alice Example', via: 'app', comment: 'looking' });
      // Work on some pages: a note and a runbook step shortly after the ack.
      if (p.alert.runbook) {
        push(p.ackAt + 2 * MIN, 'runbook.step.done', { runbookId: 'payments-high-error-rate', runbookTitle: 'High error rate', step: 'Check the last deploy', done: true, pageId: p.pageId });
      }
    }
    if (p.resolvedAt !== null) push(p.resolvedAt, 'page.resolved', { pageId: p.pageId, via: 'source' });
  }

  // Notes: about a page, and general ones; one on the DST night (CET side).
  const notePage = pages.find((p) => p.alert.name === 'QueueBacklog' && p.ackAt !== null) ?? pages[0];
  const notes: [number, string, string | undefined][] = [
    [berlin(1, 10, 15), 'Settlement queue drained after restarting the consumer group.', notePage.pageId],
    [berlin(4, 16, 40), 'Vendor says the gateway latency is on their side; ticket VND-4411.', undefined],
    [berlin(6, 4, 5), 'Night was calm after the clock change; DB disk at 81 %.', undefined],
  ];
  notes.forEach(([at, text, pageId], i) => push(at, 'note.added', { id: `note-${i + 1}`, text, ...(pageId ? { pageId } : {}) }));

  // Silences: one ends during the week, one is still in force at its end.
  push(berlin(2, 11, 0), 'silence.created', {
    silenceId: '6f1c2a0e-5d0b-4e7a-9a3c-1b2d3e4f5a6b',
    sourceId: PLATFORM.id,
    matchers: [{ name: 'alertname', value: 'CertificateExpiresSoon', isRegex: false, isEqual: true }],
    startsAt: new Date(berlin(2, 11, 0)).toISOString(),
    endsAt: new Date(berlin(3, 11, 0)).toISOString(),
    createdBy: 'Alice Example',
    comment: 'Renewal in progress',
  });
  push(berlin(3, 11, 0), 'silence.expired', { silenceId: '6f1c2a0e-5d0b-4e7a-9a3c-1b2d3e4f5a6b', sourceId: PLATFORM.id });
  const inForceEnds = new Date(berlin(8, 12, 0)).toISOString();
  push(berlin(5, 22, 30), 'silence.created', {
    silenceId: '0b7e3c52-91a4-4d11-8f0e-2c3d4e5f6a7b',
    sourceId: PLATFORM.id,
    matchers: [
      { name: 'alertname', value: 'DiskWillFillIn4h', isRegex: false, isEqual: true },
      { name: 'service', value: 'db-.*', isRegex: true, isEqual: true },
    ],
    startsAt: new Date(berlin(5, 22, 30)).toISOString(),
    endsAt: inForceEnds,
    createdBy: 'Alice Example',
    comment: 'Disk expansion scheduled Tuesday',
  });

  // Follow-ups: four added, one closed.
  const followups: [number, string, string, string | undefined][] = [
    [berlin(1, 11, 0), 'fu-1', 'Find the root cause of the settlement backlog', 'Alice Example'],
    [berlin(3, 15, 30), 'fu-2', 'Tune KubePodCrashLooping: it flaps on ledger-worker restarts', 'Platform team'],
    [berlin(4, 17, 0), 'fu-3', 'Chase vendor ticket VND-4411', undefined],
    [berlin(5, 9, 30), 'fu-4', 'Rotate the ingress certificate', 'Bob Example'],
  ];
  for (const [at, id, text, owner] of followups) push(at, 'followup.added', { id, text, ...(owner ? { owner } : {}), due: '2026-10-30' });
  push(berlin(5, 12, 0), 'followup.closed', { id: 'fu-4', comment: 'done' });

  // The shift itself: Alice's week, and Bob's shift announced when it starts.
  const shift = { scheduleId: 'payments-primary', scheduleName: 'Payments primary', start: new Date(WEEK_START).toISOString(), end: new Date(WEEK_END).toISOString() };
  push(WEEK_START, 'shift.started', { ...shift, person: 'Alice Example' });

  events.sort((a, b) => a.at - b.at);
  return {
    pages,
    events,
    silenceInForce: { silenceId: '0b7e3c52-91a4-4d11-8f0e-2c3d4e5f6a7b', endsAt: inForceEnds },
    followupsOpen: ['fu-1', 'fu-2', 'fu-3'],
    notesInWindow: notes.length,
  };
}

/** Writes the week into a real journal, moving the manual clock to each event's time. */
export async function recordWeek(journal: Journal, clock: ManualClock, week: Week): Promise<void> {
  for (const event of week.events) {
    clock.set(event.at);
    await journal.append(event.type, event.data as never);
  }
}
