import { parseCalendar } from '../../shared/schedule/ical';
import { expandRotation } from '../../shared/schedule/rotation';
import type { EventProblem, Shift } from '../../shared/schedule/types';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { SourceConfig } from './config';
import type { Validators } from './feed';

/** Per-source runtime state: the last good schedule and how the latest refresh went. */
export interface Runtime {
  text: string | null;
  shifts: Shift[];
  problems: EventProblem[];
  parsedAt: number;
  validators: Validators;
  lastAttempt: number | null;
  lastSuccess: number | null;
  error: string | null;
  refreshing: boolean;
  /** The refresh under way, so a second request waits for it instead of starting another. */
  inflight?: Promise<void>;
  fileMtime?: number;
}

const DAY = 86_400_000;
const PAST = 35 * DAY;
const AHEAD = 400 * DAY;
const ROTATION_AHEAD = 120 * DAY;

/** The shifts of every source, from the calendars last read (or the rotation), kept per source. */
export interface Calendars {
  runtime(id: string): Runtime;
  /** The runtime if the source has one. */
  peek(id: string): Runtime | undefined;
  drop(id: string): void;
  /** Parses a calendar text into the runtime; throws CalendarError for an unusable calendar. */
  apply(source: SourceConfig, r: Runtime, text: string): void;
  shiftsOf(source: SourceConfig): Shift[];
}

export function createCalendars(clock: Clock, log: Logger, timeZone: () => string): Calendars {
  const runtimes = new Map<string, Runtime>();

  function runtime(id: string): Runtime {
    let r = runtimes.get(id);
    if (!r) {
      r = { text: null, shifts: [], problems: [], parsedAt: 0, validators: {}, lastAttempt: null, lastSuccess: null, error: null, refreshing: false };
      runtimes.set(id, r);
    }
    return r;
  }

  function apply(source: SourceConfig, r: Runtime, text: string): void {
    const now = clock.now();
    const parsed = parseCalendar(text, { sourceId: source.id, sourceName: source.name, defaultZone: timeZone(), window: { from: now - PAST, to: now + AHEAD } });
    r.text = text;
    r.shifts = parsed.shifts;
    r.problems = parsed.problems;
    r.parsedAt = now;
    if (parsed.problems.length > 0) log.warn(`shifts: ${source.name}: ${parsed.problems.length} event(s) skipped`, parsed.problems.slice(0, 5));
  }

  function shiftsOf(source: SourceConfig): Shift[] {
    const now = clock.now();
    if (source.kind === 'rotation') return expandRotation(source.rotation, { sourceId: source.id, name: source.name }, { from: now - PAST, to: now + ROTATION_AHEAD });
    const r = runtime(source.id);
    // A long-running app moves its window forward from the kept text, without a fetch.
    if (r.text && now - r.parsedAt > DAY) {
      try {
        apply(source, r, r.text);
      } catch (error) {
        log.warn(`shifts: ${source.name}: re-reading the kept copy failed`, error);
      }
    }
    return r.shifts;
  }

  return { runtime, peek: (id) => runtimes.get(id), drop: (id) => void runtimes.delete(id), apply, shiftsOf };
}
