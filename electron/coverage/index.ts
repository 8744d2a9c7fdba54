import { clipToSpans, everySourceUnreachable, GAP_REASON, MIN_GAP_MS, type GapReason, type Span } from '../../shared/coverage';
import type { SourceHealth } from '../../shared/pages';
import { errorText } from '../../shared/errors';
import { formatDateTime, formatDuration } from '../../shared/time';
import type { Clock, Timer } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { Notifier } from '../notifier';
import { firedDuring } from './fired';
import { readCoverageFile, writeCoverageFile, type CoverageFile, type OpenGapReason } from './heartbeat';
import { settleChain } from '../settle';

/** While on call the heartbeat is written this often; a heartbeat older than STALE_MS at start means Baton was not running. */
export const HEARTBEAT_MS = 60_000;
export const STALE_MS = 3 * HEARTBEAT_MS;
/** How long the look at the sources after a gap may take before Baton says what it has. */
const LOOK_TIMEOUT_MS = 20_000;

/** What the coverage feature uses, and nothing else. */
export interface CoverageDeps {
  /** The heartbeat lives in `<dataDir>/coverage.json`. */
  dataDir: string;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Gaps are appended as `coverage.gap`; what fired during a gap is read from it. */
  journal: Pick<Journal, 'append' | 'records'>;
  notifier: Notifier;
  /** My shifts (the shifts feature's query): only time inside them is a gap. */
  myShifts(): Span[];
  /** Polls every alert source now; resolves when they answered (the pages feature's query). */
  lookNow(): Promise<void>;
  timeZone(): string;
  /** Whether notifications play a sound (Settings). */
  sound(): boolean;
}

export interface Coverage {
  /** The edge: the machine is going to sleep. */
  suspend(): void;
  /** The edge: the machine woke (or the screen was unlocked). */
  resume(): void;
  pauseChanged(paused: boolean): void;
  sourcesChanged(sources: readonly SourceHealth[]): void;
  /** My shifts or who is on call changed (the shifts feature published). */
  shiftsChanged(): void;
  /** Resolves when gaps are journaled and the user has been told what fired (tests, shutdown). */
  settled(): Promise<void>;
  dispose(): void;
}

/**
 * Records the spans of my shifts in which Baton could not page me: asleep (suspend/resume from the
 * edge, or a heartbeat that jumped), not running (a stale heartbeat at start), every source
 * unreachable, notifications paused. Each becomes a `coverage.gap` in the journal when it ends;
 * after sleep or a restart Baton looks at the sources and tells what fired meanwhile.
 */
export function createCoverage(deps: CoverageDeps): Coverage {
  const { clock, log } = deps;
  const state: CoverageFile = { beat: clock.now(), open: {} };
  let ticking: Timer | null = null;
  let pending: Promise<void> = Promise.resolve();
  let disposed = false;
  let writeFailed = false;

  const onCallAt = (at: number) => deps.myShifts().some((s) => s.start <= at && at < s.end);

  function save(): void {
    try {
      writeCoverageFile(deps.dataDir, state);
      if (writeFailed) log.info('coverage: the heartbeat can be written again');
      writeFailed = false;
    } catch (error) {
      // The data folder's own notice tells the user; a stale heartbeat only over-reports a gap.
      if (!writeFailed) log.warn('coverage: the heartbeat could not be written', errorText(error));
      writeFailed = true;
    }
  }

  function beat(now = clock.now()): void {
    state.beat = now;
    save();
  }

  /** Journals the parts of [start, end) inside my shifts (false: none); after sleep or a restart, tells what fired meanwhile. */
  function record(reason: GapReason, start: number, end: number): boolean {
    const spans = clipToSpans({ start, end }, deps.myShifts()).filter((s) => s.end - s.start >= MIN_GAP_MS);
    if (spans.length === 0) return false;
    log.info(`coverage: ${GAP_REASON[reason]} for ${formatDuration(end - start)} during a shift`);
    pending = pending
      .then(async () => {
        await Promise.all(spans.map((s) => deps.journal.append('coverage.gap', { reason, start: iso(s.start), end: iso(s.end) })));
        if (reason === 'asleep' || reason === 'not-running') await review(reason, spans);
      })
      .catch((error: unknown) => log.error('coverage: a gap could not be recorded', error));
    return true;
  }

  /** After the gap: look at the sources, then say what fired while Baton could not page. */
  async function review(reason: GapReason, spans: Span[]): Promise<void> {
    let timer: Timer | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, LOOK_TIMEOUT_MS)));
    await Promise.race([deps.lookNow().catch((error: unknown) => log.warn('coverage: looking at the sources failed', errorText(error))), gaveUp]);
    if (timer) clock.clearTimeout(timer);
    const start = spans[0].start;
    const end = spans.at(-1)!.end;
    const fired = firedDuring(deps.journal.records(), start, end);
    const tz = deps.timeZone();
    const length = formatDuration(spans.reduce((sum, s) => sum + s.end - s.start, 0));
    const names = fired.slice(0, 3).map((p) => p.title);
    const more = fired.length > 3 ? ` and ${fired.length - 3} more` : '';
    const body =
      fired.length === 0
        ? `Nothing fired from ${formatDateTime(start, tz)} to ${formatDateTime(end, tz)}.`
        : `${fired.length} alert(s) fired from ${formatDateTime(start, tz)} to ${formatDateTime(end, tz)}: ${names.join(', ')}${more}. ${fired.filter((p) => p.open).length} still open.`;
    await deps.notifier.notify({
      key: `coverage:${iso(start)}`,
      title: `Baton could not page you for ${length}: ${GAP_REASON[reason]}`,
      body,
      urgency: fired.some((p) => p.open) ? 'critical' : 'normal',
      sticky: fired.some((p) => p.open),
      sound: deps.sound(),
    });
  }

  function open(reason: OpenGapReason, at = clock.now()): void {
    if (state.open[reason] !== undefined) return;
    state.open[reason] = at;
    save();
  }

  function close(reason: OpenGapReason, at = clock.now()): void {
    const since = state.open[reason];
    if (since === undefined) return;
    delete state.open[reason];
    save();
    record(reason, since, at);
  }

  /** While on call, one timer a minute keeps the heartbeat; a tick that comes late means the machine slept without telling. */
  function tick(): void {
    ticking = null;
    if (disposed) return;
    const now = clock.now();
    if (now - state.beat > STALE_MS && state.open.asleep === undefined) record('asleep', state.beat, now);
    beat(now);
    schedule();
  }

  let onCall = false;
  function schedule(): void {
    onCall = onCallAt(clock.now());
    if (disposed || state.open.asleep !== undefined) return;
    if (onCall && !ticking) {
      ticking = clock.setTimeout(tick, HEARTBEAT_MS);
      ticking.unref?.();
    } else if (!onCall && ticking) {
      clock.clearTimeout(ticking);
      ticking = null;
    }
  }

  // At start: gaps open when Baton last beat end there, and the time since is a gap of its own.
  // Off call with nothing to record, the file is left as it is: a start writes nothing unless something changed.
  const previous = readCoverageFile(deps.dataDir);
  if (previous.problem) log.warn(`coverage: ${previous.problem}; gaps before this start are not known`);
  let changed = previous.file === null && previous.problem !== null;
  if (previous.file) {
    const { beat: last, open: wasOpen } = previous.file;
    for (const [reason, since] of Object.entries(wasOpen)) changed = record(reason as OpenGapReason, since, last) || changed;
    changed ||= Object.keys(wasOpen).length > 0;
    if (clock.now() - last > STALE_MS) changed = record('not-running', last, clock.now()) || changed;
  }
  schedule();
  if (changed || onCall) beat();

  return {
    suspend() {
      beat();
      open('asleep');
      if (ticking) clock.clearTimeout(ticking);
      ticking = null;
    },
    resume() {
      close('asleep');
      beat();
      schedule();
    },
    pauseChanged: (paused) => (paused ? open('paused') : close('paused')),
    sourcesChanged: (sources) => (everySourceUnreachable(sources) ? open('unreachable') : close('unreachable')),
    shiftsChanged() {
      // Every start or end of a shift while Baton runs is a heartbeat: a later stale one is a true gap.
      const was = onCall;
      schedule();
      if (onCall !== was) beat();
    },
    settled: () => settleChain(() => pending),
    dispose() {
      if (disposed) return;
      // Open gaps stay open in the file: they end at this heartbeat when Baton starts again.
      if (onCall || Object.keys(state.open).length > 0) beat();
      disposed = true;
      if (ticking) clock.clearTimeout(ticking);
      ticking = null;
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
