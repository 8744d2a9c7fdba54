import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { call } from '../helpers/services';
import { wallClockAt, wallClockToInstant, addDays } from '../../shared/schedule/zones';

const TOKEN = 'e2e-s3cret-feed-token';
/** A Wednesday morning in Berlin; the services and the page both start their clocks here. */
const START = '2026-03-11T09:30:00.000Z';

/** A PagerDuty-style feed around today: handoffs at 09:00 Berlin, written in UTC like PagerDuty does. */
function pagerDutyFeed(now: number): string {
  const today = wallClockAt(now, 'Europe/Berlin');
  const at = (days: number) => wallClockToInstant({ ...addDays(today, days), hour: 9, minute: 0, second: 0 }, 'Europe/Berlin');
  const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const turns: [string, string, number, number][] = [
    ['Bob Builder', 'bob@example.com', -3, 1],
    ['Alice Example', 'alice@example.com', 1, 4],
    ['Carol Diaz', 'carol@example.com', 4, 9],
    ['Alice Example', 'alice@example.com', 9, 12],
    ['Bob Builder', 'bob@example.com', 12, 19],
  ];
  const events = turns.flatMap(([name, email, from, to], i) => [
    'BEGIN:VEVENT',
    `DTSTART;VALUE=DATE-TIME:${utc(at(from))}`,
    `DTEND;VALUE=DATE-TIME:${utc(at(to))}`,
    `UID:E2E${i}_PQX2KVD@pagerduty.com`,
    `SUMMARY:On Call - ${name} - Payments Primary`,
    `ATTENDEE;CN=${name}:mailto:${email}`,
    'END:VEVENT',
  ]);
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//PagerDuty Inc.//PagerDuty Calendar 1.0//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
}

describe('Shift view in Chromium, wired to the real services and a real feed server', () => {
  let feedStatus = 200;
  const server = http.createServer((req, res) => {
    if (feedStatus !== 200 || req.url !== `/private/${TOKEN}/feed.ics`) return void res.writeHead(feedStatus === 200 ? 404 : feedStatus).end('Not Found');
    res.writeHead(200, { 'content-type': 'text/calendar' }).end(pagerDutyFeed(app.services.deps.clock.now()));
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  const app = useApp({ launch: { viewport: { width: 1200, height: 900 }, startAt: START } });

  it('offers a rotation with just me and explains feeds when nothing is configured', async () => {
    await app.page.getByText('No schedule yet.').waitFor();
    await expect(app.page.getByRole('button', { name: 'Start a rotation with just me' }).isVisible()).resolves.toBe(true);
    await app.screenshot('shift-empty');
  });

  it('adds a calendar link through the form and shows now, next and a 14-day timeline in the user’s zone', async () => {
    await call(app.services, 'updateSettings', { identity: { name: 'Alice Example', emails: ['alice@example.com'] } });
    const { port } = server.address() as { port: number };
    await app.page.getByLabel('Schedule name').fill('Payments');
    await app.page.getByLabel(/^Link address/).fill(`http://127.0.0.1:${port}/private/${TOKEN}/feed.ics`);
    await app.page.getByRole('button', { name: 'Add schedule' }).click();
    await app.page.getByRole('heading', { name: 'Payments Primary' }).waitFor();
    const status = await app.page.locator('.shift-status .headline').innerText();
    expect(status).toMatch(/^Next shift \w{3} \d{2} \w{3}, 09:00 CES?T \(in .+\)$/);
    await expect(app.page.getByText('Found you as Alice Example.').isVisible()).resolves.toBe(true);
    const mine = app.page.locator('.timeline-track li.me');
    await expect(mine.count()).resolves.toBe(2);
    await expect(app.page.getByText(/Times in Europe\/Berlin \(CES?T\)/).isVisible()).resolves.toBe(true);
    const html = await app.page.content();
    expect(html).not.toContain(TOKEN);
    await app.screenshot('shift-view');
  });

  it('shows a per-source error and keeps the schedule when the feed breaks', async () => {
    feedStatus = 404;
    await app.page.getByRole('button', { name: 'Refresh now' }).click();
    await app.page.getByRole('alert').filter({ hasText: 'revoked or mistyped' }).waitFor();
    await expect(app.page.getByText('The last good copy stays in use.', { exact: false }).isVisible()).resolves.toBe(true);
    await expect(app.page.getByRole('heading', { name: 'Payments Primary' }).isVisible()).resolves.toBe(true);
    await app.page.getByLabel('Payments', { exact: true }).scrollIntoViewIfNeeded();
    await app.screenshot('shift-feed-error');
  });

  it('adds a local rotation from the form next to the feed', async () => {
    await app.page.getByLabel('Local rotation').check();
    await app.page.getByLabel('Schedule name').fill('Team rota');
    await app.page.getByLabel('Members, in order').fill('Dana Whitfield, Alice Example, Alice Cooper');
    await app.page.getByRole('button', { name: 'Add schedule' }).click();
    await app.page.getByRole('heading', { name: 'Team rota' }).waitFor();
    expect(app.services.hub.get().shift!.schedules.map((s) => s.name)).toEqual(['Payments Primary', 'Team rota']);
    await app.page.getByRole('heading', { name: 'Team rota' }).scrollIntoViewIfNeeded();
    await app.screenshot('shift-two-schedules');
  });

  it('lets the user pick who they are when their name fits several people', async () => {
    await call(app.services, 'updateSettings', { identity: { name: 'Alice', emails: [] } });
    const question = app.page.getByLabel('Several people in the schedules could be you. Which one are you?');
    await question.waitFor();
    await app.page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
    await app.screenshot('shift-who-am-i');
    await question.selectOption('Alice Example');
    await app.page.getByRole('button', { name: 'This is me' }).click();
    await app.page.getByText('Found you as Alice Example.').waitFor();
    expect(app.services.hub.get().shift!.identity).toMatchObject({ status: 'matched', people: ['Alice Example'] });
  });

  it('adds an override to the rotation ("Dana covers 18:00 – 09:00") and the timeline follows', async () => {
    const today = wallClockAt(app.services.deps.clock.now(), 'Europe/Berlin');
    const rotaTimeline = () => app.services.hub.get().shift!.schedules.find((s) => s.name === 'Team rota')!.timeline;
    // The override goes into a night when someone else holds the rotation, so it shows as its own stretch.
    const other = rotaTimeline().find((s) => !s.people.includes('Dana Whitfield') && Date.parse(s.end) - Date.parse(s.start) >= 3 * 86_400_000)!;
    const first = wallClockAt(Date.parse(other.start), 'Europe/Berlin');
    const offset = Math.round((Date.UTC(first.year, first.month - 1, first.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000) + 1;
    const day = (n: number) => {
      const d = addDays(today, n);
      return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
    };
    const at = (n: number, hour: number) => new Date(wallClockToInstant({ ...addDays(today, n), hour, minute: 0, second: 0 }, 'Europe/Berlin')).toISOString();
    const rota = app.page.getByRole('listitem', { name: 'Team rota' });
    await rota.getByText('Overrides (0)').click();
    await rota.getByLabel('Who covers').fill('Dana Whitfield');
    await rota.getByLabel(/^From/).fill(`${day(offset)}T18:00`);
    await rota.getByLabel('Until').fill(`${day(offset + 1)}T09:00`);
    await rota.getByRole('button', { name: 'Add override' }).click();
    await rota.getByText('Overrides (1)').waitFor();
    const covered = rotaTimeline().filter((s) => s.people.includes('Dana Whitfield')).map((s) => [s.start, s.end]);
    expect(covered).toContainEqual([at(offset, 18), at(offset + 1, 9)]);
    await app.page.getByRole('heading', { name: 'Team rota' }).scrollIntoViewIfNeeded();
    await app.screenshot('shift-override');
  });

  it('reads well in dark mode', async () => {
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('shift-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
