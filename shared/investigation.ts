import { z } from 'zod';

/** Investigation notes on a page: what was tried, what was ruled out, and the next checkpoint. */
export const InvestigationKind = z.enum(['tried', 'ruled-out', 'checkpoint']);
export type InvestigationKind = z.infer<typeof InvestigationKind>;

export const InvestigationEntrySchema = z.object({
  at: z.string().max(40),
  kind: InvestigationKind,
  text: z.string().max(4096),
  checkpointAt: z.string().max(40).optional(),
});
export type InvestigationEntry = z.infer<typeof InvestigationEntrySchema>;

export const investigationRequests = {
  addInvestigationNote: {
    args: z
      .object({ pageId: z.string().min(1).max(200), kind: InvestigationKind, text: z.string().trim().min(1).max(4096), checkpointAt: z.string().max(40).optional() })
      .refine((d) => d.kind !== 'checkpoint' || (d.checkpointAt !== undefined && !Number.isNaN(Date.parse(d.checkpointAt))), { message: 'a checkpoint needs a time', path: ['checkpointAt'] }),
    result: z.object({ ok: z.literal(true) }),
  },
  /** A page's investigation notes, oldest first. */
  pageInvestigation: { args: z.object({ pageId: z.string().min(1).max(200) }), result: z.array(InvestigationEntrySchema) },
} as const;
