/**
 * When a page whose alert is missing from a poll is really resolved. Absence is not resolution
 * (Alertmanager keeps no alerts across a restart, and a list can come back short): a page resolves
 * only after it was missing from at least two polls in a row that span the source's resolve timeout,
 * and a restart of the source (its start time changed) starts the count again.
 */
export interface AbsenceTracker {
  /**
   * One successful poll of a source: `expected` are the source's open pages, `present` the pages the
   * poll saw. Returns the pages that are now resolved by absence.
   */
  observe(poll: { sourceId: string; at: number; startedAt: string | null; resolveTimeoutMs: number; expected: Iterable<string>; present: Set<string> }): string[];
  /** The source restarted at its last poll (its alerts and silences may be gone). */
  restartedRecently(sourceId: string, at: number): boolean;
  forget(sourceId: string): void;
}

interface SourceAbsence {
  startedAt: string | null;
  restartedAt: number | null;
  missing: Map<string, { since: number; polls: number }>;
}

export const DEFAULT_RESOLVE_TIMEOUT_MS = 5 * 60_000;

export function createAbsenceTracker(): AbsenceTracker {
  const sources = new Map<string, SourceAbsence>();
  return {
    observe({ sourceId, at, startedAt, resolveTimeoutMs, expected, present }) {
      const known = sources.get(sourceId);
      const state: SourceAbsence = known ?? { startedAt, restartedAt: null, missing: new Map() };
      sources.set(sourceId, state);
      if (known && startedAt && known.startedAt && startedAt !== known.startedAt) {
        // Restarted since the last look: what it does not list now says nothing yet.
        state.restartedAt = at;
        state.missing.clear();
      }
      state.startedAt = startedAt ?? state.startedAt;
      const resolved: string[] = [];
      const stillExpected = new Set<string>();
      for (const id of expected) {
        stillExpected.add(id);
        if (present.has(id)) {
          state.missing.delete(id);
          continue;
        }
        const entry = state.missing.get(id) ?? { since: at, polls: 0 };
        entry.polls++;
        state.missing.set(id, entry);
        if (entry.polls >= 2 && at - entry.since >= resolveTimeoutMs) {
          resolved.push(id);
          state.missing.delete(id);
        }
      }
      for (const id of state.missing.keys()) if (!stillExpected.has(id)) state.missing.delete(id);
      return resolved;
    },
    restartedRecently(sourceId, at) {
      const restartedAt = sources.get(sourceId)?.restartedAt;
      return restartedAt !== null && restartedAt !== undefined && at - restartedAt < 15 * 60_000;
    },
    forget: (sourceId) => void sources.delete(sourceId),
  };
}
