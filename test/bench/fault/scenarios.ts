// The fault matrix (issue 12, item 9): each scenario drives the real services (and, where it says so, a
// real Alertmanager, a real Baton process or a real disk fault), bounded in time and requests, over
// loopback only, and returns its ground truth and what Baton did.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { systemClock, type Clock } from '../../../electron/clock';
import { segmentName } from '../../../electron/journal';
import { call, startServices, tempDir, type TestServices } from '../../helpers/services';
import { freePort, startAlertmanager, type PostedAlert, type RealAlertmanager } from '../../helpers/alertmanager';
import { startChild, type Ready } from './child';
import {
  deliver,
  expectIds,
  longRepeats,
  observe,
  pool,
  quiet,
  recorder,
  sleep,
  tally,
  waitFor,
  webhookAlert,
  webhookPayload,
  type Answer,
} from './drive';
import { KEY_LABEL, Truth, type Notified, type Observed } from './score';

export interface ScenarioResult {
  truth: Truth;
  observed: Observed;
  notes: string[];
}

export interface Scenario {
  name: string;
  run(): Promise<ScenarioResult>;
}

const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const empty = (notified: Notified[] = []): Observed => ({ notified, shown: [], records: [] });

/** Real services over a fresh data folder, recording notifications, repeats kept out of the way. */
async function services(overrides: Parameters<typeof startServices>[0] = {}) {
  const rec = recorder();
  const s = await startServices({ dataDir: tempDir('baton-fault-'), notifier: rec.notifier, ...overrides });
  await longRepeats(s);
  const target = () => ({ url: s.pages.webhookUrl() ?? '', token: s.pages.webhookToken() });
  return { s, rec, target };
}

async function addSource(s: TestServices, url: string, intervalSeconds = 5): Promise<string> {
  const view = await call(s, 'savePageSource', { name: 'fault-am', url, intervalSeconds });
  return view.id;
}

function amAlert(key: string, startsAt: string, endsAt?: string): PostedAlert {
  return {
    labels: { alertname: 'FaultBench', [KEY_LABEL]: key, severity: 'critical' },
    annotations: { summary: `fault bench alert ${key}` },
    startsAt,
    ...(endsAt ? { endsAt } : {}),
    generatorURL: 'http://127.0.0.1:9090/graph',
  };
}

const openCount = (s: TestServices) => s.hub.get().pages.open.length;

// 1 ─────────────────────────────────────────────────────────────────────────────────────────────────
/**
 * The journal's next segment is a symlink to /dev/full (every write: ENOSPC), and mid-storm Baton's
 * clock steps into the month that segment is for: from then on no page record can be written, as on
 * a disk that just filled. The disk stays full while the senders retry and until the scenario looks.
 */
const fullDiskMidStorm: Scenario = {
  name: 'full disk mid-storm',
  async run() {
    let skew = 0;
    const clock: Clock = { ...systemClock, now: () => Date.now() + skew };
    const { s, rec, target } = await services({ clock });
    const truth = new Truth();
    const answers: Answer[] = [];
    const now = new Date();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 1);
    const full = path.join(s.deps.dataDir, 'journal', segmentName(new Date(nextMonth).toISOString()));
    fs.symlinkSync('/dev/full', full);
    try {
      let answered = 0;
      await pool(keys('disk', 60), 4, async (key) => {
        const alert = webhookAlert(key);
        expectIds(truth, [alert]);
        truth.fire(key);
        const got = await deliver(target, webhookPayload([alert]), { attempts: 4, gapMs: 250 });
        answers.push(...got);
        if (++answered === 20) skew = nextMonth - Date.now(); // the disk fills
      });
      await quiet(rec.notified);
      const notes = [`answers ${tally(answers)}`, `notices: ${s.hub.get().notices.map((n) => n.message.slice(0, 80)).join(' | ') || 'none'}`];
      return { truth, observed: observe(s, rec.notified), notes };
    } finally {
      fs.rmSync(full, { force: true });
      await s.dispose();
    }
  },
};

// 2 ─────────────────────────────────────────────────────────────────────────────────────────────────
/** Whether this machine lets us mount in a private mount namespace (root, or a user namespace). */
function canMount(): boolean {
  const probe = tempDir('baton-fault-probe-');
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$1" && touch "$1/x"', 'sh', probe], {
    timeout: 5000,
    stdio: 'ignore',
  });
  fs.rmSync(probe, { recursive: true, force: true });
  return r.status === 0;
}

/** An existing install's data folder (settings, key file, journal), made by starting and stopping Baton once. */
async function usedDataDir(): Promise<string> {
  const dataDir = tempDir('baton-fault-');
  const s = await startServices({ dataDir });
  await longRepeats(s);
  await s.dispose();
  return dataDir;
}

/** Starts a Baton process over a data folder it cannot write to, pages it, and scores what it did. */
async function degradedStart(kind: 'read-only' | 'full'): Promise<ScenarioResult> {
  const truth = new Truth();
  const notes: string[] = [];
  const dataDir = await usedDataDir();
  let wrap: ((node: string, script: string, dir: string) => string[]) | undefined;
  if (canMount()) {
    // Only this child's private mount namespace sees the mount; it goes away with the child.
    const script =
      kind === 'read-only'
        ? 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" "$3" "$1"'
        : 'cp -a "$1" "$1.copy" && mount -t tmpfs -o size=1m tmpfs "$1" && cp -a "$1.copy/." "$1/" && rm -rf "$1.copy" && (head -c 2m /dev/zero > "$1/.filler" 2>/dev/null; exec "$2" "$3" "$1")';
    wrap = (node, childScript, dir) => ['unshare', '-m', '--propagation', 'private', 'sh', '-c', script, 'sh', dir, node, childScript];
    notes.push(kind === 'read-only' ? 'data folder bind-mounted read-only (EROFS)' : 'data folder on a 1 MiB tmpfs filled to the last byte (ENOSPC)');
  } else if (kind === 'read-only' && process.getuid?.() !== 0) {
    for (const dir of [dataDir, path.join(dataDir, 'journal')]) if (fs.existsSync(dir)) fs.chmodSync(dir, 0o555);
    notes.push('cannot mount here: data folder made unwritable with chmod (EACCES) instead of a read-only mount');
  } else {
    notes.push(`cannot mount here (no mount namespace): the ${kind} data folder scenario was NOT produced`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return { truth, observed: empty(), notes };
  }
  const child = await startChild(dataDir, wrap);
  try {
    const ready: Ready = await child.ready;
    const alerts = keys(kind === 'read-only' ? 'ro' : 'fullstart', 5).map((k) => webhookAlert(k));
    expectIds(truth, alerts);
    for (const a of alerts) truth.fire(a.labels[KEY_LABEL]);
    if ('failed' in ready) {
      notes.push(`Baton did not start: ${ready.failed.slice(0, 200)}`);
      return { truth, observed: empty(child.notified), notes };
    }
    notes.push(`started; notices: ${ready.notices.map((m) => m.slice(0, 80)).join(' | ') || 'none'}`);
    const answers: Answer[] = [];
    for (const a of alerts) answers.push(...(await deliver(() => ready, webhookPayload([a]), { attempts: 3, gapMs: 250 })));
    await quiet(child.notified);
    notes.push(`answers ${tally(answers)}`);
    const seen = await child.observe();
    return { truth, observed: { notified: [...child.notified], shown: seen?.shown ?? [], records: seen?.records ?? [] }, notes };
  } finally {
    await child.exit();
    fs.chmodSync(dataDir, 0o755);
    if (fs.existsSync(path.join(dataDir, 'journal'))) fs.chmodSync(path.join(dataDir, 'journal'), 0o755);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const readOnlyStart: Scenario = { name: 'read-only data folder at start', run: () => degradedStart('read-only') };
const fullDiskStart: Scenario = { name: 'full disk at start', run: () => degradedStart('full') };

// 3 ─────────────────────────────────────────────────────────────────────────────────────────────────
/** The source is configured while nothing listens on its port; Alertmanager comes up there later. */
const alertmanagerDownAtStart: Scenario = {
  name: 'Alertmanager down at start',
  async run() {
    const { s, rec } = await services();
    const truth = new Truth();
    const notes: string[] = [];
    let am: RealAlertmanager | null = null;
    try {
      const port = await freePort();
      const id = await addSource(s, `http://127.0.0.1:${port}`);
      await waitFor(() => s.hub.get().pages.sources.some((h) => h.id === id && h.lastError), 5000);
      am = await startAlertmanager({ port });
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      for (const k of keys('down', 3)) truth.fire(k);
      await am.postAlerts(keys('down', 3).map((k) => amAlert(k, startsAt)));
      // No "poll now": Baton must find the alerts by itself, at its next (backed-off) poll.
      const found = await waitFor(() => openCount(s) >= 3, 20_000);
      notes.push(found ? 'found by the next scheduled poll' : 'not found within 20 s of Alertmanager coming up');
      await quiet(rec.notified);
      return { truth, observed: observe(s, rec.notified), notes };
    } finally {
      await am?.stop();
      await s.dispose();
    }
  },
};

// 4 ─────────────────────────────────────────────────────────────────────────────────────────────────
/**
 * Baton polls a real Alertmanager with three firing alerts, one acknowledged (a real silence). Then
 * Alertmanager restarts: without storage by SIGKILL and a fresh --storage.path; with storage by SIGTERM
 * (so it writes its silences and notification log out) over the same --storage.path. Alertmanager
 * keeps no alerts across a restart either way; Baton polls once before Prometheus re-sends them
 * (the same labels and startsAt, as Prometheus does), then again after.
 */
function alertmanagerRestart(withStorage: boolean): Scenario {
  return {
    name: `Alertmanager restarted ${withStorage ? 'with' : 'without'} storage`,
    async run() {
      const { s, rec } = await services();
      const truth = new Truth();
      const notes: string[] = [];
      const port = await freePort();
      const storageDir = withStorage ? tempDir('baton-fault-am-') : undefined;
      let am: RealAlertmanager | null = await startAlertmanager({ port, storageDir });
      try {
        const startsAt = new Date(Date.now() - 60_000).toISOString();
        const sent = keys(withStorage ? 'restart-kept' : 'restart-lost', 3).map((k) => amAlert(k, startsAt));
        for (const a of sent) truth.fire(a.labels[KEY_LABEL]);
        await am.postAlerts(sent);
        const id = await addSource(s, am.url, 3600);
        await s.pages.pollNow(id);
        await waitFor(() => openCount(s) >= 3, 5000);
        const first = s.hub.get().pages.open.find((p) => p.labels[KEY_LABEL] === sent[0].labels[KEY_LABEL]);
        if (first) {
          const acked = await call(s, 'ackPage', { pageId: first.id, minutes: 60 });
          notes.push(`acknowledged one page (${acked.silenceId ? 'silenced' : 'not silenced'})`);
        }
        await quiet(rec.notified, 500);
        await am.kill(withStorage ? 'SIGTERM' : 'SIGKILL');
        am = await startAlertmanager({ port, storageDir });
        await s.pages.pollNow(id); // Alertmanager is up again but has no alerts yet
        await am.postAlerts(sent); // Prometheus re-sends
        await s.pages.pollNow(id);
        await quiet(rec.notified);
        const silences = (await am.silences()).filter((x) => x.status.state === 'active').length;
        notes.push(`${silences} active silence(s) in Alertmanager after the restart`);
        return { truth, observed: observe(s, rec.notified), notes };
      } finally {
        await am?.stop();
        await s.dispose();
        if (storageDir) fs.rmSync(storageDir, { recursive: true, force: true });
      }
    },
  };
}

// 5 ─────────────────────────────────────────────────────────────────────────────────────────────────
/** A loopback proxy in front of Alertmanager that can hold answers back (a stalled Alertmanager). */
async function stallingProxy(upstream: string): Promise<{ url: string; stallMs: number; close(): Promise<void> }> {
  const state = { stallMs: 0 };
  const server = http.createServer((req, res) => {
    const hold = state.stallMs;
    void (async () => {
      if (hold > 0) await sleep(hold);
      try {
        const r = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method, signal: AbortSignal.timeout(5000) });
        const text = await r.text();
        if (!res.destroyed) res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(text);
      } catch {
        if (!res.destroyed) res.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

/**
 * Slow answers both ways: Baton's poll of a stalled Alertmanager (answers held for 12 s, past any
 * sensible poll timeout), and a webhook sender trickling its body over ~3 s while five ordinary
 * pages arrive on other connections.
 */
const slowAnswers: Scenario = {
  name: 'slow answers',
  async run() {
    const { s, rec, target } = await services();
    const truth = new Truth();
    const notes: string[] = [];
    const am = await startAlertmanager();
    const proxy = await stallingProxy(am.url);
    try {
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      const polled = keys('stalled', 3).map((k) => amAlert(k, startsAt));
      for (const a of polled) truth.fire(a.labels[KEY_LABEL]);
      await am.postAlerts(polled);
      const id = await addSource(s, proxy.url, 3600);
      await s.pages.pollNow(id);
      proxy.stallMs = 12_000;
      const stalled = Date.now();
      await Promise.race([s.pages.pollNow(id), sleep(20_000)]);
      notes.push(`a poll of the stalled Alertmanager ended after ${((Date.now() - stalled) / 1000).toFixed(1)} s`);
      proxy.stallMs = 0;

      // The trickling sender: headers now, the body a few bytes at a time.
      const slow = webhookAlert('slow-sender');
      expectIds(truth, [slow]);
      truth.fire('slow-sender');
      const t = target();
      const body = Buffer.from(webhookPayload([slow]));
      const trickle = new Promise<number>((resolve) => {
        const url = new URL(t.url);
        const req = http.request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json', 'content-length': body.length } },
          (res) => (res.resume(), resolve(res.statusCode ?? 0)),
        );
        req.on('error', () => resolve(0));
        req.setTimeout(20_000, () => req.destroy());
        const step = Math.ceil(body.length / 15);
        let at = 0;
        const timer = setInterval(() => {
          req.write(body.subarray(at, at + step));
          at += step;
          if (at >= body.length) {
            clearInterval(timer);
            req.end();
          }
        }, 200);
      });
      const ordinary = keys('beside-slow', 5).map((k) => webhookAlert(k));
      expectIds(truth, ordinary);
      const answers: Answer[] = [];
      const times: number[] = [];
      for (const a of ordinary) {
        truth.fire(a.labels[KEY_LABEL]);
        const got = await deliver(target, webhookPayload([a]), { attempts: 3, gapMs: 250 });
        answers.push(...got);
        times.push(got.at(-1)?.ms ?? 0);
      }
      const slowStatus = await trickle;
      notes.push(`ordinary pages beside the trickling sender answered in ≤ ${Math.max(...times).toFixed(0)} ms (${tally(answers)}); the trickled one got ${slowStatus || 'no answer'}`);
      await quiet(rec.notified);
      return { truth, observed: observe(s, rec.notified), notes };
    } finally {
      await proxy.close();
      await am.stop();
      await s.dispose();
    }
  },
};

// 6 ─────────────────────────────────────────────────────────────────────────────────────────────────
/** The same payload delivered twice (one after the other, and at once), and one alert twice in one payload. */
const duplicateDeliveries: Scenario = {
  name: 'duplicate deliveries',
  async run() {
    const { s, rec, target } = await services();
    const truth = new Truth();
    const answers: Answer[] = [];
    try {
      const [a, b, c, d] = keys('dup', 4).map((k) => webhookAlert(k));
      expectIds(truth, [a, b, c, d]);
      for (const x of [a, b, c, d]) truth.fire(x.labels[KEY_LABEL]);
      const once = { attempts: 3, gapMs: 250 };
      answers.push(...(await deliver(target, webhookPayload([a]), once)));
      answers.push(...(await deliver(target, webhookPayload([a]), once)));
      const both = await Promise.all([deliver(target, webhookPayload([b]), once), deliver(target, webhookPayload([b]), once)]);
      answers.push(...both.flat());
      answers.push(...(await deliver(target, webhookPayload([c, c, d]), once)));
      await quiet(rec.notified);
      return { truth, observed: observe(s, rec.notified), notes: [`answers ${tally(answers)}`] };
    } finally {
      await s.dispose();
    }
  },
};

// 7 ─────────────────────────────────────────────────────────────────────────────────────────────────
/** A real Alertmanager sends its webhook to Baton, and Baton also polls it: five alerts, then two resolve. */
const pollAndWebhook: Scenario = {
  name: 'poll + webhook of the same alert',
  async run() {
    const { s, rec, target } = await services();
    const truth = new Truth();
    const notes: string[] = [];
    const t = target();
    const am = await startAlertmanager({ webhooks: [{ url: t.url, token: t.token }], groupWait: '100ms', groupInterval: '1s' });
    try {
      const id = await addSource(s, am.url, 5);
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      const sent = keys('both', 5).map((k) => amAlert(k, startsAt));
      for (const a of sent) truth.fire(a.labels[KEY_LABEL]);
      await am.postAlerts(sent);
      await Promise.all([s.pages.pollNow(id), sleep(150).then(() => s.pages.pollNow(id))]);
      await waitFor(() => openCount(s) >= 5, 10_000);
      await sleep(1500); // the webhook of the same alerts arrives too
      const ended = new Date().toISOString();
      for (const a of sent.slice(0, 2)) truth.resolve(a.labels[KEY_LABEL]);
      await am.postAlerts(sent.slice(0, 2).map((a) => ({ ...a, endsAt: ended })));
      await s.pages.pollNow(id);
      await waitFor(() => openCount(s) <= 3, 5000);
      await sleep(1500); // and the resolved webhook
      await quiet(rec.notified);
      notes.push(`${openCount(s)} open at the end (3 expected)`);
      return { truth, observed: observe(s, rec.notified), notes };
    } finally {
      await am.stop();
      await s.dispose();
    }
  },
};

// 8 ─────────────────────────────────────────────────────────────────────────────────────────────────
/** 10,000 alerts in one webhook payload, as lean as Alertmanager's format allows so it fits under 1 MiB. */
const tenThousandAlerts: Scenario = {
  name: 'one payload with 10,000 alerts',
  async run() {
    const { s, rec, target } = await services();
    const truth = new Truth();
    const notes: string[] = [];
    try {
      const startsAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'); // seconds, as Prometheus sends
      const alerts = keys('t', 10_000).map((k) => ({ status: 'firing', labels: { alertname: 'S', [KEY_LABEL]: k }, startsAt }));
      const body = JSON.stringify({ version: '4', status: 'firing', receiver: 'storm', alerts });
      for (const k of keys('t', 10_000)) truth.fire(k);
      const answers = await deliver(target, body, { attempts: 2, gapMs: 1000, timeoutMs: 60_000 });
      const last = answers.at(-1);
      notes.push(`${(body.length / 1024).toFixed(0)} KiB body, answered ${tally(answers)} in ${last ? (last.ms / 1000).toFixed(1) : '?'} s`);
      if (last && last.status >= 400 && last.status < 500) {
        for (const k of keys('t', 10_000)) truth.refuse(k);
        notes.push(`refused: ${last.body.slice(0, 120)}`);
      }
      await quiet(rec.notified);
      return { truth, observed: observe(s, rec.notified), notes };
    } finally {
      await s.dispose();
    }
  },
};

// 9 ─────────────────────────────────────────────────────────────────────────────────────────────────
const hugeLabels = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'x']));

/** Five pages with 40,000 labels each (~0.5 MB bodies, under the 1 MiB cap), then twelve ordinary ones. */
const hugeLabelMaps: Scenario = {
  name: 'huge label maps',
  async run() {
    const { s, rec, target } = await services();
    const truth = new Truth();
    const notes: string[] = [];
    try {
      const big = keys('huge', 5).map((k) => webhookAlert(k, { labels: hugeLabels(40_000) }));
      expectIds(truth, big);
      const bigAnswers: Answer[] = [];
      for (const a of big) {
        const key = a.labels[KEY_LABEL];
        truth.fire(key);
        const got = await deliver(target, webhookPayload([a]), { attempts: 2, gapMs: 500, timeoutMs: 30_000 });
        bigAnswers.push(...got);
        const last = got.at(-1);
        if (last && last.status >= 400 && last.status < 500) truth.refuse(key);
      }
      const ordinary = keys('beside-huge', 12).map((k) => webhookAlert(k));
      expectIds(truth, ordinary);
      const answers: Answer[] = [];
      await pool(ordinary, 4, async (a) => {
        truth.fire(a.labels[KEY_LABEL]);
        answers.push(...(await deliver(target, webhookPayload([a]), { attempts: 2, gapMs: 500, timeoutMs: 30_000 })));
      });
      const ms = answers.map((a) => a.ms).sort((x, y) => x - y);
      notes.push(`huge: ${tally(bigAnswers)}; ordinary: ${tally(answers)}, answer p50 ${ms[Math.floor(ms.length / 2)]?.toFixed(0)} ms, max ${ms.at(-1)?.toFixed(0)} ms`);
      await quiet(rec.notified);
      return { truth, observed: observe(s, rec.notified), notes };
    } finally {
      await s.dispose();
    }
  },
};

// 10 ────────────────────────────────────────────────────────────────────────────────────────────────
/**
 * A Baton process takes a storm of 120 pages (one per request, four at a time) and is SIGKILLed after
 * the 40th answer; a new Baton starts over the same data folder (here, in-process) and the senders
 * retry what got no answer, as Alertmanager does. Notifications of both lives count.
 */
const killedMidStorm: Scenario = {
  name: 'SIGKILL of Baton mid-storm, then a restart',
  async run() {
    const truth = new Truth();
    const notes: string[] = [];
    const dataDir = await usedDataDir();
    const child = await startChild(dataDir);
    let restarted: TestServices | null = null;
    const rec = recorder();
    try {
      const ready = await child.ready;
      if ('failed' in ready) throw new Error(`the Baton process did not start: ${ready.failed}`);
      let current: { url: string; token: string } | null = ready;
      const alerts = keys('killed', 120).map((k) => webhookAlert(k));
      expectIds(truth, alerts);
      let answered = 0;
      let killing: Promise<void> | null = null;
      const restart = async () => {
        current = null;
        await child.kill();
        restarted = await startServices({ dataDir, notifier: rec.notifier });
        const s = restarted;
        current = { url: s.pages.webhookUrl() ?? '', token: s.pages.webhookToken() };
      };
      const answers: Answer[] = [];
      await pool(alerts, 4, async (a) => {
        truth.fire(a.labels[KEY_LABEL]);
        const got = await deliver(() => current, webhookPayload([a]), { attempts: 12, gapMs: 500 });
        answers.push(...got);
        if (got.at(-1)?.status === 200 && ++answered === 40) killing ??= restart();
      });
      await killing;
      const s = restarted as TestServices | null;
      if (!s) throw new Error('the storm ended before the kill');
      await longRepeats(s);
      await quiet(rec.notified);
      notes.push(`answers ${tally(answers)}; ${child.notified.length} notification(s) before the kill, ${rec.notified.length} after`);
      const observed = observe(s, [...child.notified, ...rec.notified]);
      return { truth, observed, notes };
    } finally {
      await child.kill();
      const s = restarted as TestServices | null;
      await s?.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export const scenarios: Scenario[] = [
  fullDiskMidStorm,
  readOnlyStart,
  fullDiskStart,
  alertmanagerDownAtStart,
  alertmanagerRestart(false),
  alertmanagerRestart(true),
  slowAnswers,
  duplicateDeliveries,
  pollAndWebhook,
  tenThousandAlerts,
  hugeLabelMaps,
  killedMidStorm,
];
