import type { Clock, Timer } from '../../electron/clock';

/** A clock the test moves by hand; timers fire in order as time passes. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
  pendingTimers(): number;
}

export function manualClock(start: number | string): ManualClock {
  let now = typeof start === 'string' ? Date.parse(start) : start;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const runDue = () => {
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) return;
      timers.delete(due[0]);
      due[1].fn();
    }
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = { id: ++id } as Timer & { id: number };
      timers.set(handle.id, { at: now + Math.max(0, ms), fn });
      return handle;
    },
    clearTimeout(timer) {
      timers.delete((timer as Timer & { id: number }).id);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const next = [...timers.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        now = next.at;
        runDue();
      }
      now = target;
    },
    set(ms) {
      now = ms;
      runDue();
    },
    pendingTimers: () => timers.size,
  };
}

/**
 * A clock that starts at a fixed instant and then runs in real time, with real timers: for tests
 * that drive a live app (a browser, servers) but must not depend on today's date.
 */
export function runningClock(start: number | string): Clock {
  const origin = typeof start === 'string' ? Date.parse(start) : start;
  const startedAt = performance.now();
  return {
    now: () => origin + Math.round(performance.now() - startedAt),
    setTimeout: (fn, ms) => setTimeout(fn, Math.min(ms, 2 ** 31 - 1)),
    clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  };
}
