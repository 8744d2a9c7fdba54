import fs from 'node:fs';
import path from 'node:path';
import { errorText } from '../../shared/errors';
import { formatDateTime, formatDuration } from '../../shared/time';
import type { CheckResult, ReadinessResult } from '../../shared/readiness';
import type { SourceStatus as RunbookSourceStatus } from '../../shared/runbooks';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import { describeFsError } from '../journal';
import type { Logger } from '../log';
import type { Notifier } from '../notifier';
import type { Handlers } from '../router';
import { UserError } from '../user-error';
import type { DesktopProbe } from './desktop';

export { desktopFor } from './desktop';

/** Runbooks synced longer ago than this are worth a look before a shift. */
export const RUNBOOKS_FRESH_MS = 24 * 3_600_000;
const WEBHOOK_TIMEOUT_MS = 1500;

/** What the readiness check uses, and nothing else. */
export interface ReadinessDeps {
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
  /** The data folder is written to (and the probe removed). */
  dataDir: string;
  journal: Pick<Journal, 'append'>;
  /** The notifier pages go through (the test notification takes the same road). */
  notifier: Notifier;
  desktop: DesktopProbe;
  /** Whether Baton's own pause is on, and until when. */
  paused(): { paused: boolean; until: string | null };
  /** Every enabled Alertmanager asked now (the pages feature's query). */
  checkSources(): Promise<{ id: string; name: string; error: string | null }[]>;
  webhook(): { enabled: boolean; url: string | null; error: string | null };
  runbookSources(): RunbookSourceStatus[];
  timeZone(): string;
}

export type ReadinessHandlers = Pick<Handlers, 'runReadinessCheck' | 'confirmReadiness' | 'lastReadiness'>;

export interface Readiness {
  handlers: ReadinessHandlers;
  run(): Promise<ReadinessResult>;
  confirm(checkId: string, saw: boolean): Promise<ReadinessResult>;
}

/**
 * "Am I reachable?" before a shift: a real test notification, the notification service and Do Not
 * Disturb where the OS says, every alert source with its credentials, the webhook receiver, runbooks
 * synced, the data folder writable. Each line says what is wrong and how to fix it; the result and
 * the user's "I saw and heard it" are journaled.
 */
export function createReadiness(deps: ReadinessDeps): Readiness {
  const { clock } = deps;
  let last: ReadinessResult | null = null;
  let counter = 0;

  async function run(): Promise<ReadinessResult> {
    const started = performance.now();
    const at = clock.now();
    const checkId = `readiness:${new Date(at).toISOString()}:${++counter}`;
    const [notification, desktop, sources, webhook, storage] = await Promise.all([
      testNotification(),
      deps.desktop.notifications(),
      sourceChecks(),
      webhookCheck(),
      storageCheck(),
    ]);
    const results: CheckResult[] = [notification, daemonCheck(desktop.daemon), dndCheck(desktop.dnd), ...sources, ...webhook, ...runbookChecks(at), storage];
    const tookMs = Math.round(performance.now() - started);
    last = { checkId, at: new Date(at).toISOString(), tookMs, results, confirmed: null };
    const problems = results.filter((r) => r.state === 'problem');
    await deps.journal.append('readiness.checked', {
      checkId,
      problems: problems.map((p) => ({ id: p.id, label: p.label, detail: p.detail.slice(0, 2000) })),
      warnings: results.filter((r) => r.state === 'warning').length,
      tookMs,
    });
    deps.log.info(`readiness: ${problems.length} problem(s) in ${tookMs} ms`);
    return last;
  }

  async function confirm(checkId: string, saw: boolean): Promise<ReadinessResult> {
    if (!last || last.checkId !== checkId) throw new UserError('That check is no longer the latest: run the check again.');
    await deps.journal.append('readiness.confirmed', { checkId, saw });
    const results = last.results.map((r) =>
      r.id !== 'notification' || saw
        ? r
        : {
            ...r,
            state: 'problem' as const,
            detail: 'The test notification was sent, but you did not see or hear it.',
            fix: 'Check Do Not Disturb / Focus, the sound volume, and that notifications from Baton are allowed in your desktop’s notification settings; then run the check again.',
          },
    );
    last = { ...last, results, confirmed: saw };
    return last;
  }

  async function testNotification(): Promise<CheckResult> {
    const sent = await deps.notifier.notify({
      key: 'readiness:test',
      title: 'Baton test notification',
      body: 'If you see and hear this, Baton can page you. Say so in Baton.',
      urgency: 'critical',
      sticky: false,
      sound: true,
    });
    const label = 'Test notification';
    if (sent.ok) return { id: 'notification', label, state: 'ok', detail: 'Sent. Did you see and hear it? Answer below.', fix: '' };
    return {
      id: 'notification',
      label,
      state: 'problem',
      detail: `It could not be shown: ${sent.error}`,
      fix: 'Start your desktop’s notification service (for example dunst or mako, or log out and in again), and check that notify-send is installed (package libnotify-bin).',
    };
  }

  async function sourceChecks(): Promise<CheckResult[]> {
    const answers = await deps.checkSources();
    const webhook = deps.webhook();
    if (answers.length === 0 && !webhook.enabled) {
      return [{ id: 'sources', label: 'Alert sources', state: 'problem', detail: 'No alert source is set up and the webhook receiver is off: nothing can page you.', fix: 'Add an Alertmanager in Pages → Sources, or turn the webhook receiver on.' }];
    }
    return answers.map((a) => {
      const label = `Alert source ${a.name}`;
      if (!a.error) return { id: 'sources' as const, label, state: 'ok' as const, detail: 'Answered with valid credentials.', fix: '' };
      const credentials = /answered 40[13]\b/.test(a.error);
      return {
        id: 'sources' as const,
        label,
        state: 'problem' as const,
        detail: a.error,
        fix: credentials
          ? 'The token or password is wrong or expired: edit the source in Pages → Sources and enter a valid one.'
          : 'Check the URL, that the Alertmanager is running, and your network or VPN; then poll it from Pages → Sources.',
      };
    });
  }

  async function webhookCheck(): Promise<CheckResult[]> {
    const w = deps.webhook();
    const label = 'Webhook receiver';
    if (!w.enabled) return [];
    if (!w.url) return [{ id: 'webhook', label, state: 'problem', detail: w.error ?? 'It is not listening.', fix: 'Choose a free port for the webhook receiver in Pages → Sources.' }];
    const health = new URL('/healthz', w.url).href;
    try {
      const response = await fetch(health, { signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), redirect: 'error' });
      if (response.ok) return [{ id: 'webhook', label, state: 'ok', detail: `Answering at ${w.url}.`, fix: '' }];
      return [{ id: 'webhook', label, state: 'problem', detail: `${health} answered ${response.status}: another program may hold the port.`, fix: 'Choose another port for the webhook receiver in Pages → Sources.' }];
    } catch (error) {
      return [{ id: 'webhook', label, state: 'problem', detail: `${health} did not answer (${errorText(error)}).`, fix: 'Restart Baton; if it persists, choose another port in Pages → Sources.' }];
    }
  }

  function runbookChecks(now: number): CheckResult[] {
    const tz = deps.timeZone();
    return deps.runbookSources().map((s) => {
      const label = `Runbooks ${s.name}`;
      if (s.lastError) return { id: 'runbooks' as const, label, state: 'warning' as const, detail: `The last sync failed: ${s.lastError}`, fix: 'Check the repository or folder in Runbooks → Sources and sync it; the copies Baton has still open offline.' };
      if (!s.lastSyncAt) return { id: 'runbooks' as const, label, state: 'warning' as const, detail: 'Never synced.', fix: 'Sync it in Runbooks → Sources.' };
      const age = now - Date.parse(s.lastSyncAt);
      if (age > RUNBOOKS_FRESH_MS) {
        return { id: 'runbooks' as const, label, state: 'warning' as const, detail: `Last synced ${formatDateTime(s.lastSyncAt, tz)} (${formatDuration(age)} ago).`, fix: 'Sync it in Runbooks → Sources so you read the current runbooks.' };
      }
      return { id: 'runbooks' as const, label, state: 'ok' as const, detail: `Synced ${formatDateTime(s.lastSyncAt, tz)}.`, fix: '' };
    });
  }

  async function storageCheck(): Promise<CheckResult> {
    const label = 'Data folder';
    const probe = path.join(deps.dataDir, `.readiness-${process.pid}`);
    try {
      const fd = fs.openSync(probe, 'w');
      try {
        fs.writeSync(fd, 'baton');
        fs.fdatasyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.rmSync(probe, { force: true });
      return { id: 'storage', label, state: 'ok', detail: 'Writable: what happens on the shift is saved.', fix: '' };
    } catch (error) {
      fs.rmSync(probe, { force: true });
      return { id: 'storage', label, state: 'problem', detail: `It cannot be written: ${describeFsError(error)}.`, fix: `Free disk space, or make ${deps.dataDir} writable.` };
    }
  }

  function daemonCheck(daemon: Awaited<ReturnType<DesktopProbe['notifications']>>['daemon']): CheckResult {
    const label = 'Notification service';
    if (daemon.state === 'running') return { id: 'daemon', label, state: 'ok', detail: `${daemon.name} is running.`, fix: '' };
    if (daemon.state === 'unknown') return { id: 'daemon', label, state: 'unknown', detail: daemon.why, fix: '' };
    return { id: 'daemon', label, state: 'problem', detail: daemon.why, fix: 'Start your desktop’s notification service (dunst, mako, or your desktop’s own; logging out and in starts it), then run the check again.' };
  }

  function dndCheck(dnd: Awaited<ReturnType<DesktopProbe['notifications']>>['dnd']): CheckResult {
    const label = 'Do Not Disturb';
    const pause = deps.paused();
    if (pause.paused) {
      const until = pause.until ? `until ${formatDateTime(pause.until, deps.timeZone())}` : 'until you resume them';
      return { id: 'dnd', label: 'Baton’s pause', state: 'problem', detail: `Baton’s notifications are paused ${until} (critical pages may still break through).`, fix: 'Resume notifications from the tray menu or Settings.' };
    }
    if (dnd.state === 'on') return { id: 'dnd', label, state: 'problem', detail: `Do Not Disturb is on (${dnd.where}): pages may be held back by the desktop.`, fix: 'Turn Do Not Disturb off for your shift, or allow critical notifications through it.' };
    if (dnd.state === 'off') return { id: 'dnd', label, state: 'ok', detail: `Off (${dnd.where}).`, fix: '' };
    return { id: 'dnd', label, state: 'unknown', detail: `Baton cannot tell: ${dnd.why}.`, fix: 'Check it yourself before the shift.' };
  }

  return {
    run,
    confirm,
    handlers: {
      runReadinessCheck: () => run(),
      confirmReadiness: ({ checkId, saw }) => confirm(checkId, saw),
      lastReadiness: () => last,
    },
  };
}
