import { buildTrends, comparisonOf, LoadHoursSchema, type Comparison, type LoadHours } from '../../shared/trends';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import type { Handlers } from '../router';
import { defineSection, type SettingsService } from '../settings';

export const loadHoursSection = defineSection({
  key: 'loadHours',
  schema: LoadHoursSchema,
  label: 'load view hours',
  fallback: 'The Load view uses business 08–18 Mon–Fri and sleep 22–08 until they are saved again.',
});

/** What the load view's feature uses, and nothing else. */
export interface TrendsDeps {
  clock: Clock;
  journal: Pick<Journal, 'records'>;
  settings: Pick<SettingsService, 'read' | 'write'>;
  timeZone(): string;
}

export type TrendsHandlers = Pick<Handlers, 'getTrends' | 'updateLoadHours'>;

export interface TrendsFeature {
  handlers: TrendsHandlers;
  /** "This shift vs the previous four" for the shift that started at `start` (the handoff's query). */
  compare(start: number): Comparison | null;
}

/** The Load view's numbers, computed on request from the journal (a year of shifts in well under a second). */
export function createTrends(deps: TrendsDeps): TrendsFeature {
  const hours = (): LoadHours => deps.settings.read(loadHoursSection);
  return {
    handlers: {
      getTrends: ({ shifts }) => buildTrends({ records: deps.journal.records(), now: deps.clock.now(), count: shifts, hours: hours(), timeZone: deps.timeZone() }),
      updateLoadHours: (next) => deps.settings.write(loadHoursSection, next),
    },
    compare(start) {
      const trends = buildTrends({ records: deps.journal.records(), now: start, count: 5, hours: hours(), timeZone: deps.timeZone() });
      // The shifts that started by then; the last must be this one (a custom range is no shift).
      if (trends.shifts.at(-1)?.start !== new Date(start).toISOString()) return null;
      return comparisonOf(trends);
    },
  };
}
