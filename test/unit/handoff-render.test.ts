import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  handoffJsonSchema,
  HandoffSettingsSchema,
  parseHandoff,
  renderHtml,
  renderJson,
  renderMarkdown,
  fromLocalInput,
  toLocalInput,
} from '../../shared/handoff';
import { HOSTILE_TITLE, nightRecords, nightReport } from '../helpers/handoff-fixture';
import { isEvent, parseRecord } from '../../shared/records';
import { parseBatonLink } from '../../shared/links';

const root = path.resolve(import.meta.dirname, '../..');
const GOLDEN = path.join(root, 'test/fixtures/handoff/night.golden.md');
const SCHEMA_FILE = path.join(root, 'shared/handoff.schema.json');


describe('handoff Markdown', () => {
  it('matches the checked-in golden file (set UPDATE_GOLDEN=1 to rewrite it after a deliberate change)', () => {
    const markdown = renderMarkdown(nightReport());
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, markdown);
    }
    expect(markdown).toBe(fs.readFileSync(GOLDEN, 'utf8'));
  });

  it('links every open page into Baton with a baton:// link that opens it', () => {
    const report = nightReport();
    const links = [...renderMarkdown(report).matchAll(/ {2}- In Baton: <([^>]+)>/g)].map((m) => parseBatonLink(m[1]));
    expect(links).toEqual(report.openPages.map((p) => ({ kind: 'page', pageId: p.pageId })));
  });

  it('escapes what alerts say so it cannot become HTML, a link or emphasis, and cannot end the data comment', () => {
    const markdown = renderMarkdown(nightReport());
    const visible = markdown.slice(0, markdown.indexOf('<!-- baton-handoff'));
    expect(visible).not.toContain('<img');
    expect(visible).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(visible).toContain('\\[click\\](javascript:alert(2))');
    expect(visible).toContain('\\*full\\*');
    // Exactly one comment terminator: the one that closes the embedded JSON.
    expect(markdown.match(/-->/g)).toHaveLength(1);
    expect(markdown.trimEnd().endsWith('-->')).toBe(true);
  });

  it('re-imports its own Markdown and its JSON to the same report', () => {
    const report = nightReport();
    const fromMarkdown = parseHandoff(renderMarkdown(report));
    const fromJson = parseHandoff(renderJson(report));
    expect(fromMarkdown).toEqual({ ok: true, report });
    expect(fromJson).toEqual({ ok: true, report });
    expect(report.openPages.find((p) => p.title === HOSTILE_TITLE)).toBeDefined();
  });

  it('refuses text that is not a Baton handoff, a cut-off data block and a newer format, with readable reasons', () => {
    expect(parseHandoff('# Handoff\n\nall quiet')).toMatchObject({ ok: false, error: /not a Baton handoff/ });
    const markdown = renderMarkdown(nightReport());
    expect(parseHandoff(markdown.slice(0, -10))).toMatchObject({ ok: false, error: /cut off/ });
    const newer = { ...JSON.parse(renderJson(nightReport())), version: 2 };
    expect(parseHandoff(JSON.stringify(newer))).toMatchObject({ ok: false, error: /version 2/ });
    const broken = { ...JSON.parse(renderJson(nightReport())), openPages: 'none' };
    expect(parseHandoff(JSON.stringify(broken))).toMatchObject({ ok: false, error: /openPages/ });
    expect(parseHandoff('{"schema": ')).toMatchObject({ ok: false, error: /not valid JSON/ });
  });
});

describe('handoff report from the night fixture', () => {
  const report = nightReport();

  it('summarises the night and counts it in Berlin time', () => {
    expect(report.stats.pages).toBe(5);
    expect(report.stats.bySeverity).toEqual({ critical: 1, high: 3, warning: 1, info: 0 });
    // 20:12, 00:30, 04:20, 04:45, 05:10 CET on a Saturday night: all outside business hours; four while asleep.
    expect(report.stats.outsideBusinessHours).toBe(5);
    expect(report.stats.duringSleepHours).toBe(4);
    expect(report.stats.timeToAcknowledge).toEqual({ count: 2, meanMs: (3 * 60_000 + 22 * 60_000) / 2, medianMs: (3 * 60_000 + 22 * 60_000) / 2 });
    expect(report.stats.flapping).toEqual([{ dedupKey: '0f1e2d3c4b5a6978', title: 'PaymentLatencyP99 gateway', flaps: 2 }]);
    expect(report.noisiest[0]).toEqual({ dedupKey: '0f1e2d3c4b5a6978', title: 'PaymentLatencyP99', count: 3, actionTaken: false, needsTuning: true });
    expect(report.header.summary).toMatchObject({ mood: 'bumpy', edited: false });
    expect(report.openPages.map((p) => p.pageId)).toEqual(['am-payments:0f1e2d3c4b5a6978:3', 'am-platform:9a8b7c6d5e4f3021:1']);
    expect(report.openPages[1].lastAction?.text).toMatch(/^Silenced by Alice Example until Sun 22 Nov, 13:00/);
    expect(report.silences).toHaveLength(1);
  });

  it('applies the journaled edits of this draft, and next steps to the page they name', () => {
    const records = nightRecords();
    const seq = records.length;
    const edited = nightReport({
      records: [
        ...records,
        { v: 1, seq: seq + 1, ts: '2026-11-22T08:05:00.000Z', type: 'handoff.edited', data: { draftId: report.id, summary: { mood: 'noisy', text: 'Latency flapped all night.' } } },
        { v: 1, seq: seq + 2, ts: '2026-11-22T08:06:00.000Z', type: 'handoff.edited', data: { draftId: report.id, nextStep: { pageId: 'am-platform:9a8b7c6d5e4f3021:1', text: 'Expand at 10:00' } } },
        { v: 1, seq: seq + 3, ts: '2026-11-22T08:07:00.000Z', type: 'handoff.edited', data: { draftId: 'range:2026-01-01T00:00:00.000Z', notes: 'another draft' } },
      ],
    });
    expect(edited.header.summary).toEqual({ mood: 'noisy', text: 'Latency flapped all night.', edited: true });
    expect(edited.openPages.find((p) => p.pageId === 'am-platform:9a8b7c6d5e4f3021:1')?.nextStep).toBe('Expand at 10:00');
    expect(edited.notesForNext).toBe('');
  });

  it('carries the briefing (changes with links, maintenance, escalation, recovery) and asks about recovery after a rough night', () => {
    const records = nightRecords();
    expect(report.briefing?.roughShift).toBe('4 pages during sleep hours, 1 critical');
    const briefed = nightReport({
      records: [
        ...records,
        {
          v: 1, seq: records.length + 1, ts: '2026-11-22T08:05:00.000Z', type: 'handoff.edited',
          data: {
            draftId: report.id,
            recentChanges: 'Deployed checkout 4.2 <b>hot</b> https://deploys.example.com/checkout/4.2, then javascript:alert(1)',
            maintenance: 'db-1 volume expansion Tue 10:00',
            escalateTo: 'Carol (payments lead), then the incident channel',
            recovery: 'Taking the morning off',
          },
        },
      ],
    });
    expect(briefed.briefing).toMatchObject({ escalateTo: 'Carol (payments lead), then the incident channel', recovery: 'Taking the morning off' });
    const markdown = renderMarkdown(briefed);
    expect(markdown).toContain(
      '## Briefing\n\n- **Recent changes and deploys:** Deployed checkout 4.2 &lt;b&gt;hot&lt;/b&gt; <https://deploys.example.com/checkout/4.2>, then javascript:alert(1)\n' +
        '- **Upcoming maintenance:** db-1 volume expansion Tue 10:00\n- **Escalate to:** Carol (payments lead), then the incident channel\n- **Recovery:** Taking the morning off\n',
    );
    const html = renderHtml(briefed);
    expect(html).toContain('<a href="https://deploys.example.com/checkout/4.2">https://deploys.example.com/checkout/4.2</a>');
    expect(html).not.toContain('<b>hot');
    expect(html).not.toContain('href="javascript');
    // Nothing written: no section.
    expect(renderMarkdown(report)).not.toContain('## Briefing');
  });

  it('counts a storm by alert name, takes one next step for the whole alert (a later step for one page wins), and writes the storm as one item', () => {
    const records = nightRecords();
    let seq = records.length;
    const storm = Array.from({ length: 30 }, (_, i) =>
      parseRecord({
        v: 1, seq: ++seq, ts: `2026-11-22T02:${String(10 + i).padStart(2, '0')}:00.000Z`, type: 'page.received',
        data: {
          pageId: `am-payments:crash${i}:1`, sourceId: 'am-payments', sourceName: 'payments-alertmanager', dedupKey: `crash${i}`,
          title: `KubePodCrashLooping payments-api-${i}`, severity: 'high', labels: { alertname: 'KubePodCrashLooping', pod: `payments-api-${i}` }, annotations: {}, startsAt: '2026-11-22T02:09:00.000Z',
        },
      }),
    );
    const edit = (ts: string, nextStep: { pageId?: string; alertName?: string; text: string }) =>
      parseRecord({ v: 1, seq: ++seq, ts, type: 'handoff.edited', data: { draftId: report.id, nextStep } });
    const stormy = nightReport({
      records: [
        ...records,
        ...storm,
        edit('2026-11-22T08:05:00.000Z', { alertName: 'KubePodCrashLooping', text: 'Roll back payments-api' }),
        edit('2026-11-22T08:06:00.000Z', { pageId: 'am-payments:crash7:1', text: 'Drain node 7 first' }),
        parseRecord({ v: 1, seq: ++seq, ts: '2026-11-22T08:07:00.000Z', type: 'handoff.edited', data: { draftId: report.id, summary: { mood: 'noisy', text: 'Crash loops all night.\nRolled back at 03:00.' } } }),
      ],
    });
    expect(stormy.noisiest[0]).toMatchObject({ title: 'KubePodCrashLooping', count: 30, actionTaken: true, needsTuning: false });
    const crash = stormy.openPages.filter((p) => p.alertName === 'KubePodCrashLooping');
    expect(crash).toHaveLength(30);
    expect(crash.filter((p) => p.nextStep === 'Roll back payments-api')).toHaveLength(29);
    expect(crash.find((p) => p.pageId === 'am-payments:crash7:1')?.nextStep).toBe('Drain node 7 first');

    const markdown = renderMarkdown(stormy, { embedJson: false });
    expect(markdown).toContain('- **[high] KubePodCrashLooping ×30** — payments-alertmanager, 30 open pages, 0 acknowledged, since Sun 22 Nov, 03:10 CET');
    expect(markdown).toContain('  - Next step: _differs per page_');
    expect(markdown).toContain('; and 20 more');
    expect(markdown.match(/KubePodCrashLooping payments-api-/g)).toHaveLength(10 + 30); // 10 named in the item, 30 in the timeline
    expect(markdown).toContain('> **Noisy:** Crash loops all night.  \n> Rolled back at 03:00.');
    expect(renderHtml(stormy)).toContain('<strong>KubePodCrashLooping ×30</strong>');
  });

  it('skips a record whose payload is not what its type promises (a hand-edited journal) instead of failing', () => {
    const records = nightRecords();
    const odd = [
      { v: 1, seq: 900, ts: '2026-11-21T19:16:00.000Z', type: 'page.acknowledged', data: null },
      { v: 1, seq: 901, ts: 'not a time', type: 'note.added', data: { id: 'x', text: 'lost' } },
      { v: 1, seq: 902, ts: '2026-11-21T19:17:00.000Z', type: 'some.future.event', data: { anything: true } },
    ].map(parseRecord);
    const broken = [...records.slice(0, 3), ...odd, ...records.slice(3)];
    const report = nightReport({ records: broken });
    expect(report.stats.pages).toBe(5);
    expect(report.notes.map((n) => n.text)).not.toContain('lost');
  });

  it('counts an Alertmanager alert that fires again under the same page id as another page, and as a flap', () => {
    const received = nightRecords().find((r) => isEvent(r, 'page.received') && r.data.pageId.startsWith('am-payments:a1b2'));
    const pageId = received && isEvent(received, 'page.received') ? received.data.pageId : '';
    const extra = [
      { type: 'page.reopened', ts: '2026-11-21T19:50:00.000Z', data: { pageId, startsAt: '2026-11-21T19:49:30.000Z', reason: 'fired-again' } },
      { type: 'page.acknowledged', ts: '2026-11-21T19:52:00.000Z', data: { pageId, by: 'Alice Example', via: 'app', until: '2026-11-21T20:07:00.000Z' } },
      { type: 'page.reopened', ts: '2026-11-21T20:08:00.000Z', data: { pageId, startsAt: '2026-11-21T19:49:30.000Z', reason: 'ack-expired' } },
    ];
    const records = [...nightRecords(), ...extra.map((e, i) => parseRecord({ v: 1, seq: 100 + i, ...e }))].sort((a, b) => a.ts.localeCompare(b.ts));
    const report = nightReport({ records });
    expect(report.stats.pages).toBe(6);
    expect(report.stats.bySeverity.critical).toBe(2);
    expect(report.stats.flapping.find((f) => f.dedupKey === 'a1b2c3d4e5f60718')).toEqual({ dedupKey: 'a1b2c3d4e5f60718', title: 'HighErrorRate checkout', flaps: 1 });
    const open = report.openPages.find((p) => p.pageId === pageId);
    expect(open).toMatchObject({ acknowledged: false, lastAction: { text: 'Re-opened: the acknowledgement ran out' } });
    expect(report.stats.timeToAcknowledge.count).toBe(3);
  });

  it('uses the configured business and sleep hours', () => {
    const night = nightReport({ settings: HandoffSettingsSchema.parse({ businessHours: { days: [6, 7], start: '00:00', end: '23:59' }, sleepHours: { start: '04:00', end: '05:00' } }) });
    expect(night.stats.outsideBusinessHours).toBe(0);
    expect(night.stats.duringSleepHours).toBe(2);
  });

  it('takes open items as of now while the window is still running', () => {
    const running = nightReport({ now: Date.parse('2026-11-22T00:00:00.000Z') });
    expect(running.header.asOf).toBe('2026-11-22T00:00:00.000Z');
    expect(running.silences).toEqual([]);
    expect(running.stats.pages).toBe(2);
  });
});

describe('handoff HTML', () => {
  it('is self-contained and escapes every untrusted string', () => {
    const html = renderHtml(nightReport());
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)\b|@import|url\(/i);
    expect(html).toContain('Disk &lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(2)) *full* --&gt; on db-1');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('links only http(s) runbooks', () => {
    const report = nightReport();
    const [first, second] = report.openPages;
    const html = renderHtml({
      ...report,
      openPages: [
        { ...first, runbookUrl: 'https://runbooks.example.com/payments/latency?x=1&y="2"' },
        { ...second, runbookUrl: 'javascript:alert(1)' },
      ],
    });
    expect(html).toContain('<a href="https://runbooks.example.com/payments/latency?x=1&amp;y=%222%22">');
    expect(html).not.toContain('javascript:alert(1)"');
    expect(html.match(/<a /g)).toHaveLength(1);
  });
});

describe('handoff JSON', () => {
  it('keeps the checked-in JSON Schema in sync with the zod schema (run scripts/handoff-schema.ts to refresh)', () => {
    expect(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(handoffJsonSchema());
  });

  it('validates an export against the checked-in JSON Schema, and rejects a broken one', () => {
    const fromFile = z.fromJSONSchema(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
    const exported = JSON.parse(renderJson(nightReport()));
    expect(fromFile.safeParse(exported).success).toBe(true);
    expect(exported).toMatchObject({ schema: 'baton.handoff', version: 1 });
    const { stats: _stats, ...withoutStats } = exported;
    expect(fromFile.safeParse(withoutStats).success).toBe(false);
    expect(fromFile.safeParse({ ...exported, version: 2 }).success).toBe(false);
  });
});

describe('wall times in a zone', () => {
  it('round-trips datetime-local values across the end of summer time', () => {
    expect(fromLocalInput('2026-10-25T01:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 24, 23, 30));
    expect(fromLocalInput('2026-10-25T03:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2, 30));
    // 02:30 happens twice that night; the earlier (CEST) one is meant.
    expect(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30));
    // 02:30 on 29 March 2026 does not exist; it moves forward by the gap.
    expect(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(toLocalInput(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin')).toBe('2026-10-25T03:30');
    expect(fromLocalInput('not a time', 'Europe/Berlin')).toBeNull();
  });
});

describe('custom range input in the zone', () => {
  it('reads wall times across DST: a time in the spring gap moves forward, a repeated one is the first', async () => {
    const { fromLocalInput, toLocalInput, wallTime } = await import('../../shared/handoff');
    expect(new Date(fromLocalInput('2026-11-22T09:00', 'Europe/Berlin')!).toISOString()).toBe('2026-11-22T08:00:00.000Z');
    expect(new Date(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin')!).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin')!).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLocalInput('not a time', 'Europe/Berlin')).toBeNull();
    expect(toLocalInput(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30');
    expect(wallTime(Date.parse('2026-11-22T08:00:00Z'), 'Australia/Sydney')).toMatchObject({ weekday: 7, hour: 19 });
  });
});
