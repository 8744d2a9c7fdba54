import { isHoldable, inSupportHours, nextSupportStart, type EscalationSettings, type SupportHours } from '../../shared/escalation';
import type { Page } from '../../shared/pages';
import { isEvent, type JournalRecord } from '../../shared/records';
import type { Clock, Timer } from '../clock';
import type { Logger } from '../log';
import type { RecordEvent } from '../pages/book';

/** What is held now, for the tray ("3 held until 09:00") and the handoff. */
export interface HeldSummary {
  count: number;
  /** When support hours begin and the digest goes out (ISO). */
  until: string;
}

export interface SupportHoursHold {
  /**
   * Whether the page waits for support hours instead of notifying now. A page is held (and the
   * hold journaled) the first time this says so; a held page that became critical is let go.
   */
  holds(page: Page): boolean;
  isHeld(pageId: string): boolean;
  summary(): HeldSummary | null;
  /** Support hours or the rules changed: the digest is planned again. */
  replan(): void;
  dispose(): void;
}

export interface HoldOptions {
  clock: Clock;
  log: Logger;
  record: RecordEvent;
  settings(): EscalationSettings;
  hours(): SupportHours;
  timeZone(): string;
  current(pageId: string): Page | undefined;
  /** Sends the one digest notification of the pages delivered now. */
  deliver(pages: Page[]): Promise<void>;
  /** The held pages changed (the tray's line). */
  changed(): void;
}

/**
 * Holds pages outside support hours and delivers them as one digest when support hours begin.
 * Only the notification waits: a held page is in the Pages view at once. What is held is derived
 * from the journal (`page.held` not yet followed by a `page.digest` naming it), so a restart keeps it.
 * A held page acknowledged or resolved before the digest leaves it.
 */
export function createHold(o: HoldOptions, records: readonly JournalRecord[]): SupportHoursHold {
  const held = new Map<string, number>();
  for (const r of records) {
    if (isEvent(r, 'page.held')) held.set(r.data.pageId, Date.parse(r.data.until));
    else if (isEvent(r, 'page.digest')) for (const id of [...r.data.pageIds, ...r.data.left]) held.delete(id);
  }
  let timer: Timer | null = null;
  /** When the digest goes out, as planned now (support hours may have changed since a page was held). */
  let dueAt: number | null = null;

  const waiting = () => [...held.keys()].map((id) => o.current(id)).filter((p): p is Page => p !== undefined && p.status === 'triggered');

  function plan(): void {
    if (timer) o.clock.clearTimeout(timer);
    timer = null;
    dueAt = null;
    if (held.size === 0) return;
    const now = o.clock.now();
    const at = nextSupportStart(now, o.hours(), o.timeZone());
    // No support day at all (or holding turned off): what is held goes out now rather than never.
    const due = at === null || !o.settings().supportHours.enabled ? now : at;
    dueAt = due;
    timer = o.clock.setTimeout(() => void digest('support-hours'), Math.max(0, due - now));
    timer.unref?.();
  }

  async function digest(reason: 'support-hours' | 'critical', only?: Page): Promise<void> {
    if (timer) o.clock.clearTimeout(timer);
    timer = null;
    const pages = only ? [only] : waiting();
    const ids = only ? [only.id] : [...held.keys()];
    if (ids.length === 0) return;
    for (const id of ids) held.delete(id);
    const delivered = new Set(pages.map((p) => p.id));
    o.record('page.digest', { pageIds: [...delivered], left: ids.filter((id) => !delivered.has(id)), reason });
    o.changed();
    plan();
    if (pages.length > 0 && reason === 'support-hours') {
      o.log.info(`escalation: delivering ${pages.length} page(s) held outside support hours`);
      await o.deliver(pages);
    }
  }

  plan();
  return {
    holds(page) {
      if (held.has(page.id)) {
        if (page.severity !== 'critical') return true;
        // It became critical while held: it breaks through (the caller notifies it now).
        void digest('critical', page);
        return false;
      }
      const s = o.settings();
      const now = o.clock.now();
      if (!isHoldable(page.severity, s) || inSupportHours(now, o.hours(), o.timeZone())) return false;
      const until = nextSupportStart(now, o.hours(), o.timeZone());
      if (until === null) return false;
      held.set(page.id, until);
      o.record('page.held', { pageId: page.id, until: new Date(until).toISOString() });
      o.changed();
      plan();
      return true;
    },
    isHeld: (id) => held.has(id),
    summary() {
      const pages = waiting();
      if (pages.length === 0) return null;
      const until = dueAt ?? Math.min(...pages.map((p) => held.get(p.id) ?? Infinity));
      return { count: pages.length, until: new Date(until).toISOString() };
    },
    replan: plan,
    dispose() {
      if (timer) o.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
