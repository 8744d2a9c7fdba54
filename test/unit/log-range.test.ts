import { describe, expect, it } from 'vitest';
import { nextDay, startOfDayIn } from '../../renderer/features/log/range';

describe('export range days in the user zone', () => {
  it('starts a day at local midnight, across DST changes', () => {
    expect(startOfDayIn('2026-11-22', 'Europe/Berlin')).toBe('2026-11-21T23:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
    // The day clocks go forward / back in Berlin still starts at 00:00 local.
    expect(startOfDayIn('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayIn('2026-10-25', 'Europe/Berlin')).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDayIn('2026-11-22', 'America/New_York')).toBe('2026-11-22T05:00:00.000Z');
    expect(startOfDayIn('2026-11-22', 'Asia/Kolkata')).toBe('2026-11-21T18:30:00.000Z');
  });

  it('makes an inclusive "to" day end where the next day starts', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});
