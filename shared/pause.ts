import { z } from 'zod';

export const PauseStateSchema = z.object({
  /** ISO time when notifications resume on their own; null when not paused or paused until resumed. */
  until: z.string().nullable(),
  indefinite: z.boolean(),
});
export type PauseState = z.infer<typeof PauseStateSchema>;

export const PauseRequestSchema = z.union([
  z.object({ minutes: z.number().int().min(1).max(24 * 60) }),
  z.object({ indefinite: z.literal(true) }),
]);
export type PauseRequest = z.infer<typeof PauseRequestSchema>;

export const NOT_PAUSED: PauseState = { until: null, indefinite: false };

export function isPaused(state: PauseState, nowMs: number): boolean {
  if (state.indefinite) return true;
  return state.until !== null && Date.parse(state.until) > nowMs;
}
