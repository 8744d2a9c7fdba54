import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseCalendar } from '../../shared/schedule/ical';
import { buildOverview } from '../../shared/schedule/slice';
import { startServices, tempDir } from '../helpers/services';
import { percentile, progress, round, type Benchmark } from './metric';

const HOUR = 3_600_000;

/** A year of a PagerDuty-style feed: four schedules with 500 shifts each (17.5 h), UTC, folded summaries, attendees. */
function yearFeed(start: number): string {
  const people = ['Alice Example', 'Bob Builder', 'Carol Diaz', 'Dana Whitfield', 'Evan Moss', 'Grace Hopper'];
  const schedules = ['Payments Platform Primary (EU business hours)', 'Payments Platform Secondary', 'Database Primary', 'Edge Network'];
  const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const fold = (line: string) => line.replace(/(.{74})(?=.)/g, '$1\r\n ');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//PagerDuty Inc.//PagerDuty Calendar 1.0//EN', 'X-WR-CALNAME:Bench'];
  schedules.forEach((schedule, s) => {
    for (let i = 0; i < 500; i++) {
      const from = start + i * 17.5 * HOUR + s * HOUR;
      const person = people[(i + s) % people.length];
      lines.push(
        'BEGIN:VEVENT',
        `DTSTART;VALUE=DATE-TIME:${utc(from)}`,
        `DTEND;VALUE=DATE-TIME:${utc(from + 17.5 * HOUR)}`,
        `DTSTAMP;VALUE=DATE-TIME:${utc(start)}`,
        `UID:Q${s}X${i}ZNAK4MMQ3J0F8AHZP3Z7M0GB_P${s}KVD@pagerduty.com`,
        fold(`SUMMARY:On Call - ${person} - ${schedule}`),
        fold(`ATTENDEE;CN=${person};ROLE=REQ-PARTICIPANT:mailto:${person.toLowerCase().replace(' ', '.')}@example.com`),
        `URL:https://acme.pagerduty.com/schedules#P${s}KVD`,
        'END:VEVENT',
      );
    }
  });
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** A feed server in its own process, so its CPU is not counted as Baton's. */
const SERVER = `
const http = require('node:http');
const body = 'BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nPRODID:-//PagerDuty Inc.//PagerDuty Calendar 1.0//EN\\r\\nEND:VCALENDAR\\r\\n';
const server = http.createServer((req, res) => {
  if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304, { etag: '"v1"' }).end();
  res.writeHead(200, { 'content-type': 'text/calendar', etag: '"v1"' }).end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export const benchmarks: Benchmark[] = [
  {
    metrics: ['schedule.parse_resolve_2000'],
    async run(emit) {
      const start = Date.parse('2026-01-05T08:00:00Z');
      const text = yearFeed(start);
      const me = { name: 'Alice Example', emails: ['alice.example@example.com'], aliases: [] };
      // CPU time of this process (all its threads, GC included): on a shared machine wall time
      // mostly measures the other tenants; the wall times are printed alongside.
      const samples: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < 45; i++) {
        const began = performance.now();
        const cpu = process.cpuUsage();
        const parsed = parseCalendar(text, { sourceId: 'bench', sourceName: 'Bench', defaultZone: 'Europe/Berlin', window: { from: start - 35 * 24 * HOUR, to: start + 400 * 24 * HOUR } });
        const overview = buildOverview(parsed.shifts, me, start + 180 * 24 * HOUR, 'Europe/Berlin', true);
        const used = process.cpuUsage(cpu);
        const took = performance.now() - began;
        if (parsed.shifts.length !== 2000 || overview.slice.schedules.length !== 4) throw new Error(`bench feed parsed wrongly: ${parsed.shifts.length} shifts`);
        if (i >= 5) {
          samples.push((used.user + used.system) / 1000);
          wall.push(took);
        }
      }
      progress(`parse+resolve of ${Math.round(text.length / 1024)} KB, 2000 events: CPU p50 ${percentile(samples, 50).toFixed(1)} ms, wall p50 ${percentile(wall, 50).toFixed(1)} ms (min ${Math.min(...wall).toFixed(1)})`);
      emit({ metric: 'schedule.parse_resolve_2000', value: round(percentile(samples, 50)), unit: 'ms', budget: 100, better: 'lower' });
    },
  },
  {
    metrics: ['schedule.refresh_304_cpu'],
    async run(emit) {
      const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const [chunk] = (await once(server.stdout, 'data')) as [Buffer];
        const port = Number(chunk.toString().trim());
        const services = await startServices({ dataDir: tempDir('baton-bench-') });
        const sender = { frameUrl: 'http://127.0.0.1/index.html', isMainFrame: true, isAppWindow: true };
        const added = await services.dispatch('addScheduleSource', { kind: 'feed', name: 'Bench', url: `http://127.0.0.1:${port}/private/token/feed.ics` }, sender);
        if (!added.ok) throw new Error(added.error.message);
        const id = (added.value as { id: string }).id;
        const samples: number[] = [];
        for (let i = 0; i < 40; i++) {
          const before = process.cpuUsage();
          const result = await services.dispatch('refreshSchedules', { id }, sender);
          const used = process.cpuUsage(before);
          if (!result.ok || services.hub.get().shift?.sources[0].error) throw new Error('refresh failed');
          if (i >= 10) samples.push((used.user + used.system) / 1000);
        }
        progress(`CPU per 304 refresh: ${samples.map((s) => s.toFixed(2)).join(' ')}`);
        emit({ metric: 'schedule.refresh_304_cpu', value: round(percentile(samples, 50)), unit: 'ms', budget: 5, better: 'lower' });
        await services.dispose();
      } finally {
        server.kill();
      }
    },
  },
];
