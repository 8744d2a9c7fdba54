import type { SourceConfig } from '../../shared/runbooks';
import type { Clock, Timer } from '../clock';

/** When each source syncs: one run at a time per source, then its next run on a timer. */
export interface SyncScheduler {
  /** Starts a sync (or joins the one running); resolves when it ends. */
  start(sourceId: string): Promise<void>;
  /** A newly known source: a folder syncs now, a git repository a little after start. */
  startSource(source: SourceConfig): void;
  /** Sets the source's next periodic sync (none for folders, which are watched). */
  schedule(sourceId: string): void;
  /** Schedules the source unless it is already waiting or running. */
  scheduleIfIdle(sourceId: string): void;
  cancel(sourceId: string): void;
  /** Cancels the source's sync, waits for it to end and clears its timer (source removed). */
  stop(sourceId: string): Promise<void>;
  /** The syncs under way. */
  running(): Promise<void>[];
  /** Cancels every sync and schedules nothing more; `clearTimers` once they have ended. */
  dispose(): void;
  clearTimers(): void;
}

export interface SchedulerDeps {
  clock: Clock;
  /** One sync of one source; never rejects (failures are its status). */
  run(sourceId: string, signal: AbortSignal): Promise<void>;
  /** Time to a source's next periodic sync, or null for none. */
  delayFor(sourceId: string): number | null;
  firstGitSyncMs: number;
}

export function createSyncScheduler(deps: SchedulerDeps): SyncScheduler {
  const { clock } = deps;
  const runs = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const timers = new Map<string, Timer>();
  let disposed = false;

  function start(sourceId: string): Promise<void> {
    const existing = runs.get(sourceId);
    if (existing) return existing.done;
    const abort = new AbortController();
    const done = deps.run(sourceId, abort.signal).finally(() => {
      runs.delete(sourceId);
      schedule(sourceId);
    });
    runs.set(sourceId, { abort, done });
    return done;
  }

  function startAfter(sourceId: string, delay: number): void {
    const timer = clock.setTimeout(() => {
      timers.delete(sourceId);
      void start(sourceId);
    }, delay);
    timer.unref?.();
    timers.set(sourceId, timer);
  }

  function schedule(sourceId: string): void {
    if (disposed) return;
    const existing = timers.get(sourceId);
    if (existing) clock.clearTimeout(existing);
    const delay = deps.delayFor(sourceId);
    if (delay !== null) startAfter(sourceId, delay);
  }

  function clearTimer(sourceId: string): void {
    const timer = timers.get(sourceId);
    if (timer) clock.clearTimeout(timer);
    timers.delete(sourceId);
  }

  return {
    start,
    startSource(source) {
      if (source.kind === 'folder') void start(source.id);
      else startAfter(source.id, deps.firstGitSyncMs);
    },
    schedule,
    scheduleIfIdle(sourceId) {
      if (!timers.has(sourceId) && !runs.has(sourceId)) schedule(sourceId);
    },
    cancel: (sourceId) => runs.get(sourceId)?.abort.abort(),
    async stop(sourceId) {
      runs.get(sourceId)?.abort.abort();
      await runs.get(sourceId)?.done;
      clearTimer(sourceId);
    },
    running: () => [...runs.values()].map((r) => r.done),
    dispose() {
      disposed = true;
      for (const run of runs.values()) run.abort.abort();
    },
    clearTimers() {
      for (const timer of timers.values()) clock.clearTimeout(timer);
    },
  };
}
