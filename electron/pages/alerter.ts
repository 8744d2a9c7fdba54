import { shouldNotify, type NotificationRule, type Page } from '../../shared/pages';
import type { Clock, Timer } from '../clock';
import type { Logger } from '../log';
import type { NotificationAction, NotificationRequest, Notifier } from '../notifier';
import { pageLink, sourcePagesLink, UNACKNOWLEDGED_PAGES_LINK } from '../../shared/links';
import { EscalationSettingsSchema, repeatDelayMinutes, soundFor, type EscalationSettings, type SoundName } from '../../shared/escalation';
import { SEVERITY_ORDER } from '../../shared/pages';

/** From this many pages in one arrival on, they are announced as one grouped notification. */
export const GROUP_AT = 4;

export interface AlerterOptions {
  clock: Clock;
  log: Logger;
  notifier: Notifier;
  isPaused(): boolean;
  /** Read on every use, so a settings change applies at the next notification. */
  options(): { repeatMinutes: number; sound: boolean; rules: NotificationRule[]; criticalBreaksPause: boolean };
  /** The page as it is now (undefined once forgotten). */
  current(pageId: string): Page | undefined;
  /** The page's source can hold it silent for a while (Snooze 15 min is offered). */
  canSnooze(page: Page): boolean;
  /** The escalation ladder per severity (read on every use); absent = the defaults. */
  escalation?(): EscalationSettings;
  /** Support hours: whether a page waits for the digest instead of notifying now. */
  hold?: { holds(page: Page): boolean; isHeld(pageId: string): boolean };
}

export interface Alerter {
  /**
   * New or re-triggered pages from one source. Resolves after the notify calls returned. Many at
   * once (or `asGroup`, for a storm's held pages) become one grouped notification.
   */
  announce(pages: Page[], sourceName: string, options?: { asGroup?: boolean }): Promise<void>;
  /** Pages still unacknowledged when Baton starts: they repeat from now on, starting at once. */
  remind(pages: Page[]): void;
  /** The page was acknowledged or resolved: no more repeats. */
  settle(pageId: string): void;
  repeatCount(pageId: string): number;
  /** One notification for the pages held outside support hours, now that support hours began. */
  digest(pages: Page[]): Promise<void>;
  dispose(): void;
}

const needsPersistence = (page: Page) => page.severity === 'critical' || page.severity === 'high';

/**
 * Turns pages into native notifications: rules decide which notify, pause holds back all but
 * critical ones (unless the user opted out), many at once are grouped, and critical and high
 * pages stay on screen and repeat every N minutes until acknowledged, with the repeat count.
 */
export function createAlerter(o: AlerterOptions): Alerter {
  const repeating = new Map<string, { count: number; dueAt: number }>();
  let timer: Timer | null = null;
  const defaults = EscalationSettingsSchema.parse({});
  const step = (page: Page) => (o.escalation?.() ?? defaults).ladder[page.severity];
  /** When the repeat after `count` repeats is due: the severity's ladder (intervals that shorten). */
  const dueAfter = (page: Page, count: number) => o.clock.now() + repeatDelayMinutes(step(page), count, o.options().repeatMinutes) * 60_000;

  const audible = (page: Page) => {
    const { rules, criticalBreaksPause } = o.options();
    if (!shouldNotify(page, rules)) return false;
    if (o.hold?.holds(page)) return false;
    if (o.isPaused()) return page.severity === 'critical' && criticalBreaksPause;
    return true;
  };

  function reschedule(): void {
    if (timer) o.clock.clearTimeout(timer);
    timer = null;
    let next = Infinity;
    for (const entry of repeating.values()) next = Math.min(next, entry.dueAt);
    if (next === Infinity) return;
    timer = o.clock.setTimeout(() => void repeatDue(), Math.max(0, next - o.clock.now()));
    timer.unref?.();
  }

  async function repeatDue(): Promise<void> {
    timer = null;
    const now = o.clock.now();
    const due: { page: Page; count: number }[] = [];
    for (const [id, entry] of repeating) {
      if (entry.dueAt > now) continue;
      const page = o.current(id);
      if (!page || page.status !== 'triggered') {
        repeating.delete(id);
        continue;
      }
      // A page held for support hours waits without climbing the ladder.
      if (o.hold?.isHeld(id) && page.severity !== 'critical') {
        entry.dueAt = dueAfter(page, entry.count);
        continue;
      }
      entry.count++;
      entry.dueAt = dueAfter(page, entry.count);
      if (audible(page)) due.push({ page, count: entry.count });
    }
    reschedule();
    if (due.length >= GROUP_AT) {
      const loudest = due.reduce((a, b) => (soundRank(a) >= soundRank(b) ? a : b));
      await send(groupRequest(due.map((d) => d.page), `${due.length} pages still unacknowledged`, 'repeat', UNACKNOWLEDGED_PAGES_LINK), soundFor(step(loudest.page), loudest.count));
    } else {
      for (const { page, count } of due) await send(pageRequest(page, count, actionsFor(page)), soundFor(step(page), count));
    }
  }

  const actionsFor = (page: Page): NotificationAction[] => (o.canSnooze(page) ? ['ack', 'snooze'] : ['ack']);

  /** Louder sounds first: a repeat past its ladder's N, then by severity. */
  const soundRank = (d: { page: Page; count: number }) => (soundFor(step(d.page), d.count) === step(d.page).sound ? 0 : 10) - SEVERITY_ORDER[d.page.severity];
  const firstSound = (pages: Page[]) => step([...pages].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0]).sound;

  async function send(request: Omit<NotificationRequest, 'sound' | 'soundName'>, soundName: SoundName): Promise<void> {
    await o.notifier.notify({ ...request, sound: o.options().sound, soundName });
  }

  return {
    async announce(pages, sourceName, { asGroup = false } = {}) {
      for (const page of pages) {
        if (needsPersistence(page) && shouldNotify(page, o.options().rules)) {
          repeating.set(page.id, { count: 0, dueAt: dueAfter(page, 0) });
        }
      }
      reschedule();
      const loud = pages.filter(audible);
      if (loud.length === 0) {
        if (pages.length > 0) o.log.info(`pages: ${pages.length} page(s) from ${sourceName} held back by rules or pause`);
        return;
      }
      if (loud.length >= GROUP_AT || (asGroup && loud.length > 1)) {
        await send(groupRequest(loud, `${loud.length} new pages from ${sourceName}: ${countByName(loud)}`, sourceName, sourcePagesLink(sourceName)), firstSound(loud));
        return;
      }
      for (const page of loud) await send(pageRequest(page, 0, actionsFor(page)), step(page).sound);
    },
    remind(pages) {
      for (const page of pages) {
        if (page.status === 'triggered' && needsPersistence(page) && shouldNotify(page, o.options().rules)) {
          repeating.set(page.id, { count: 0, dueAt: o.clock.now() });
        }
      }
      reschedule();
    },
    settle(pageId) {
      if (repeating.delete(pageId)) reschedule();
      // Its bubble goes too: a page that must stay would otherwise stay after it was handled.
      o.notifier.withdraw?.(pageId);
    },
    repeatCount: (pageId) => repeating.get(pageId)?.count ?? 0,
    async digest(pages) {
      if (pages.length === 0) return;
      const request = groupRequest(pages, `${pages.length} page${pages.length === 1 ? '' : 's'} held outside support hours`, 'digest', UNACKNOWLEDGED_PAGES_LINK);
      await send({ ...request, key: 'digest' }, firstSound(pages));
    },
    dispose() {
      if (timer) o.clock.clearTimeout(timer);
      timer = null;
      repeating.clear();
    },
  };
}

function pageRequest(page: Page, repeat: number, actions: NotificationAction[]): Omit<NotificationRequest, 'sound' | 'soundName'> {
  const sticky = needsPersistence(page);
  const detail = page.annotations.description?.split('\n')[0] ?? '';
  const head = `${page.severity.toUpperCase()} · ${page.sourceName}`;
  return {
    key: page.id,
    title: repeat > 0 ? `${page.title} (repeat ${repeat}, unacknowledged)` : page.title,
    body: detail && !page.title.includes(detail) ? `${head}\n${detail}` : head,
    urgency: sticky ? 'critical' : page.severity === 'warning' ? 'normal' : 'low',
    sticky,
    opens: pageLink(page.id),
    actions,
  };
}

function groupRequest(pages: Page[], title: string, key: string, opens: string): Omit<NotificationRequest, 'sound' | 'soundName'> {
  const sticky = pages.some(needsPersistence);
  const shown = pages.slice(0, 3).map((p) => `• ${p.title}`);
  if (pages.length > 3) shown.push(`… and ${pages.length - 3} more`);
  return { key: `group:${key}`, title, body: shown.join('\n'), urgency: sticky ? 'critical' : 'normal', sticky, opens };
}

/** "KubePodCrashLooping ×28, NodeDown ×2": what a storm is made of, most frequent first. */
function countByName(pages: Page[]): string {
  const counts = new Map<string, number>();
  for (const page of pages) {
    const name = page.labels.alertname ?? page.title;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, 3).map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
  return sorted.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}
