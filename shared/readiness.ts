import { z } from 'zod';

/** The readiness check: can Baton reach me right now? One line per check, each with how to fix it. */
const Iso = z.string().max(40);

export const CHECK_IDS = ['notification', 'daemon', 'dnd', 'sources', 'webhook', 'runbooks', 'storage'] as const;
export const CheckId = z.enum(CHECK_IDS);
export type CheckId = z.infer<typeof CheckId>;

export const CheckResultSchema = z.object({
  id: CheckId,
  /** What was checked, e.g. "Alert source payments-am". */
  label: z.string().max(300),
  /** ok; warning (works, but look at it); problem (pages may not reach you); unknown (the OS does not say). */
  state: z.enum(['ok', 'warning', 'problem', 'unknown']),
  detail: z.string().max(2000),
  /** How to fix it; empty when nothing is to be done. */
  fix: z.string().max(2000),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const ReadinessResultSchema = z.object({
  /** Journal id of this check, for the confirmation. */
  checkId: z.string().max(100),
  at: Iso,
  tookMs: z.number().int().min(0),
  results: z.array(CheckResultSchema).max(100),
  /** The user's answer to "did you see and hear the test notification?": null until they answer. */
  confirmed: z.boolean().nullable(),
});
export type ReadinessResult = z.infer<typeof ReadinessResultSchema>;

export const readinessRequests = {
  /** Runs every check now (a real test notification included); journaled. */
  runReadinessCheck: { args: z.void(), result: ReadinessResultSchema },
  /** The user saw and heard the test notification (or not); journaled. */
  confirmReadiness: { args: z.object({ checkId: z.string().min(1).max(100), saw: z.boolean() }), result: ReadinessResultSchema },
  /** The last check this run (null before the first). */
  lastReadiness: { args: z.void(), result: ReadinessResultSchema.nullable() },
} as const;

export function readinessProblems(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.state === 'problem');
}
