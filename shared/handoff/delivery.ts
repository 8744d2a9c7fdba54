import { z } from 'zod';

/**
 * Handoff delivery: a shared git repository of handoffs (the outgoing commits and pushes, the
 * incoming pulls, imports and accepts), the "I have it" acceptance, and what changed since.
 */
const Iso = z.string().max(40);

/** Settings section `handoffDelivery`: the repository (its URL with credentials only sealed). */
export const HandoffDeliverySettingsSchema = z.object({
  git: z
    .object({
      /** The URL without credentials (shown); the full one is in `sealedUrl` when it had any. */
      url: z.string().max(2000),
      sealedUrl: z.string().max(8192).optional(),
      branch: z.string().max(200).default('main'),
    })
    .nullable()
    .default(null),
});
export type HandoffDeliverySettings = z.infer<typeof HandoffDeliverySettingsSchema>;

export const GitBranch = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$/, 'a branch name like main');

export const HandoffRepositoryInputSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  branch: GitBranch.default('main'),
});

export const DeliveryStatusSchema = z.object({
  git: z
    .object({
      /** Where, without credentials. */
      where: z.string(),
      branch: z.string(),
      lastSync: Iso.nullable(),
      error: z.string().nullable(),
      syncing: z.boolean(),
      /** Commits made here that the repository has not taken yet (pushed at the next sync). */
      unpushed: z.boolean(),
    })
    .nullable(),
});
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export const HandoffChangesSchema = z.object({
  since: Iso,
  until: Iso,
  entries: z.array(z.object({ at: Iso, kind: z.string(), text: z.string() })).max(500),
  /** Entries left out beyond the first 500. */
  omitted: z.number().int().min(0),
});
export type HandoffChanges = z.infer<typeof HandoffChangesSchema>;

export const deliveryRequests = {
  /** Sets (or with null, forgets) the shared repository of handoffs; syncs it at once. */
  setHandoffRepository: { args: HandoffRepositoryInputSchema.nullable(), result: DeliveryStatusSchema },
  /** Pulls the repository now: imports handoffs given to me, sees acceptances of mine, pushes what waits. */
  syncHandoffs: { args: z.void(), result: z.object({ imported: z.number().int(), accepted: z.number().int() }) },
  /** "I have it": journals the acceptance and, for a handoff from the repository, pushes it back. */
  acceptHandoff: { args: z.object({ handoffId: z.string().min(1).max(200) }), result: z.object({ acceptedAt: Iso, pushed: z.boolean(), message: z.string() }) },
  /** Pages, acknowledgements and silences that changed between a received handoff and its acceptance (or now). */
  handoffChanges: { args: z.object({ handoffId: z.string().min(1).max(200) }), result: HandoffChangesSchema },
} as const;
