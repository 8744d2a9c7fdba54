import { GAP_REASON, type EventData } from './events';
import type { SourceHealth } from './pages';

/**
 * Coverage: the spans of a shift in which Baton could not page the user. Pure pieces shared by the
 * coverage feature (which journals the gaps) and the handoff (which reports them).
 */
export type GapReason = EventData<'coverage.gap'>['reason'];
export interface Span {
  start: number;
  end: number;
}

/** A gap shorter than this is not worth a line in the journal (a poll that failed once, a pause clicked by mistake). */
export const MIN_GAP_MS = 60_000;

export { GAP_REASON };

/** The parts of [start, end) that fall inside the given spans (my shifts), in order. */
export function clipToSpans(gap: Span, spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(gap.start, s.start);
    const end = Math.min(gap.end, s.end);
    if (end > start) out.push({ start, end });
  }
  return mergeSpans(out);
}

/** Overlapping or touching spans joined, in order. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Total length of the spans, overlaps counted once. */
export function coveredMs(spans: readonly Span[]): number {
  return mergeSpans(spans).reduce((sum, s) => sum + (s.end - s.start), 0);
}

/**
 * Whether no source can bring a page in: at least one is enabled, and every enabled one is failing
 * (a polled source whose last poll failed, a webhook receiver that is not listening). A receiver
 * that listens counts as reachable: what is pushed to it arrives.
 */
export function everySourceUnreachable(sources: readonly SourceHealth[]): boolean {
  const enabled = sources.filter((s) => s.enabled);
  if (enabled.length === 0) return false;
  return enabled.every((s) => (s.kind === 'webhook' ? s.where === 'not listening' && s.lastError !== null : s.lastError !== null));
}
