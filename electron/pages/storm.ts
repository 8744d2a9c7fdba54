import type { Page } from '../../shared/pages';
import type { Clock, Timer } from '../clock';
import type { Alerter } from './alerter';

/**
 * Coalesces pages arriving across requests into one notification per source and window. The first
 * page of a burst is announced at once (nothing waits at the start of a storm); pages that follow
 * within the window are held and announced together when it ends. A critical page is never held
 * unless a critical page of the same burst has already been announced: then the user is being paged
 * loudly for that source right now, and it joins the group.
 */
export interface StormGate {
  announce(pages: Page[], sourceName: string): void;
  /** Resolves once the notifications already going out have been handed to the notifier. */
  sent(): Promise<void>;
  dispose(): void;
}

interface Burst {
  until: number;
  held: Page[];
  criticalShown: boolean;
  timer: Timer | null;
}

export function createStormGate(o: { clock: Clock; alerter: Alerter; windowMs: () => number; onError(error: unknown): void }): StormGate {
  const bursts = new Map<string, Burst>();
  const sending = new Set<Promise<void>>();

  function send(pages: Page[], sourceName: string, asGroup: boolean): void {
    const done = o.alerter
      .announce(pages, sourceName, { asGroup })
      .catch(o.onError)
      .finally(() => sending.delete(done));
    sending.add(done);
  }

  function flush(sourceName: string): void {
    const burst = bursts.get(sourceName);
    if (!burst) return;
    if (burst.timer) o.clock.clearTimeout(burst.timer);
    burst.timer = null;
    const held = burst.held.filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i);
    burst.held = [];
    if (held.length === 0) {
      bursts.delete(sourceName);
      return;
    }
    if (held.some(isCritical)) burst.criticalShown = true;
    send(held, sourceName, true);
    // The storm may go on: the next window starts now.
    burst.until = o.clock.now() + o.windowMs();
    burst.timer = o.clock.setTimeout(() => flush(sourceName), o.windowMs());
    burst.timer.unref?.();
  }

  return {
    announce(pages, sourceName) {
      if (pages.length === 0) return;
      const now = o.clock.now();
      const burst = bursts.get(sourceName);
      if (burst && now >= burst.until && burst.held.length > 0) {
        // A window ended with pages still held (its timer not yet run, or the clock jumped): they go
        // out now, with these, as one notification; never dropped.
        burst.held.push(...pages);
        flush(sourceName);
        return;
      }
      if (!burst || now >= burst.until) {
        if (burst?.timer) o.clock.clearTimeout(burst.timer);
        const timer = o.clock.setTimeout(() => flush(sourceName), o.windowMs());
        timer.unref?.();
        bursts.set(sourceName, { until: now + o.windowMs(), held: [], criticalShown: pages.some(isCritical), timer });
        send(pages, sourceName, false);
        return;
      }
      burst.held.push(...pages);
      if (pages.some(isCritical) && !burst.criticalShown) flush(sourceName);
    },
    async sent() {
      await Promise.all([...sending]);
    },
    dispose() {
      for (const burst of bursts.values()) if (burst.timer) o.clock.clearTimeout(burst.timer);
      bursts.clear();
    },
  };
}

const isCritical = (page: Page) => page.severity === 'critical';
