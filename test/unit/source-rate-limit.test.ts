import { describe, expect, it } from 'vitest';
import { createRateGate, retryDelayMs } from '../../electron/sources/http';
import { manualClock } from '../helpers/clock';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const h = (o: Record<string, string>) => new Headers(o);

describe('the rate-limit gate shared by every request with one key', () => {
  it('reads how long to wait from Retry-After (seconds or a date), else ratelimit-reset, else a minute', () => {
    expect(retryDelayMs(429, h({ 'retry-after': '30' }), NOW)).toBe(30_000);
    expect(retryDelayMs(429, h({ 'retry-after': 'Mon, 02 Mar 2026 09:00:45 GMT' }), NOW)).toBe(45_000);
    expect(retryDelayMs(429, h({ 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '42' }), NOW)).toBe(42_000);
    expect(retryDelayMs(429, h({}), NOW)).toBe(60_000);
    // A success that used the last request of the window waits for the reset too; others do not wait.
    expect(retryDelayMs(200, h({ 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }), NOW)).toBe(7_000);
    expect(retryDelayMs(200, h({ 'ratelimit-remaining': '5', 'ratelimit-reset': '7' }), NOW)).toBeNull();
    // Nonsense is not a wait (and never longer than an hour).
    expect(retryDelayMs(429, h({ 'retry-after': 'soon', 'ratelimit-reset': '999999' }), NOW)).toBe(3_600_000);
  });

  it('holds one key back until its reset and leaves other keys alone', () => {
    const clock = manualClock(NOW);
    const gate = createRateGate(clock);
    expect(gate.observe('work', 429, h({ 'retry-after': '10' }))).toBe(NOW + 10_000);
    expect(gate.blockedUntil('work')).toBe(NOW + 10_000);
    expect(gate.blockedUntil('club')).toBe(0);
    clock.advance(10_000);
    expect(gate.blockedUntil('work')).toBe(0);
  });
});
