import { z } from 'zod';
import { HandoffRangeSchema, HandoffReportSchema, HandoffSettingsSchema } from './model';
import { catalogue } from '../events';
import { DeliveryStatusSchema, deliveryRequests } from './delivery';
import { chatRequests } from './chat';

/** The handoff's part of the IPC contract (spread into shared/contract.ts) and its state slice. */

const Iso = z.string().max(40);

export const ExportFormat = z.enum(['markdown-copy', 'markdown', 'html', 'pdf', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** An edit of the draft is exactly what the journal records for it: one schema for both. */
export const HandoffEditSchema = catalogue['handoff.edited'].schema;

export const ReceivedHandoffSchema = catalogue['handoff.received'].schema.extend({
  receivedAt: Iso,
  /** Set once I said "I have it". */
  acceptedAt: Iso.optional(),
});
export type ReceivedHandoff = z.infer<typeof ReceivedHandoffSchema>;

export const HandoffSliceSchema = z.object({
  settings: HandoffSettingsSchema,
  /** Handoffs imported from the previous on-call, newest first ("handed over to you"). */
  received: z.array(ReceivedHandoffSchema).max(20),
  lastSent: z
    .object({
      draftId: z.string(),
      at: Iso,
      to: z.string(),
      /** The incoming's "I have it", seen in the shared repository. */
      acceptedBy: z.string().optional(),
      acceptedAt: Iso.optional(),
      /** When the incoming verified alerting (their readiness check) before accepting. */
      incomingVerifiedAt: Iso.optional(),
    })
    .nullable(),
  /** The shared repository of handoffs, when one is set. */
  delivery: DeliveryStatusSchema.optional(),
});
export type HandoffSlice = z.infer<typeof HandoffSliceSchema>;

export const handoffRequests = {
  /** The draft for the current or last shift, or a chosen range. The view renders the preview itself, with unsaved edits applied. */
  getHandoffDraft: { args: HandoffRangeSchema, result: z.object({ report: HandoffReportSchema }) },
  /** Journals an edit of the draft's free text. */
  editHandoff: { args: HandoffEditSchema, result: z.object({ ok: z.literal(true) }) },
  exportHandoff: {
    args: z.object({ range: HandoffRangeSchema, format: ExportFormat }),
    result: z.object({ fileName: z.string(), savedTo: z.string().nullable(), copied: z.boolean() }),
  },
  /** Marks the draft sent (journaled) and, with a shared repository set, commits and pushes it there. */
  handOver: {
    args: HandoffRangeSchema,
    result: z.object({ draftId: z.string(), sentAt: Iso, delivery: z.object({ ok: z.boolean(), message: z.string() }).optional() }),
  },
  /** Imports a handoff (its JSON, or Markdown Baton exported) from the previous on-call. */
  importHandoff: {
    args: z.object({ text: z.string().max(10 * 1024 * 1024) }),
    result: z.object({
      handoffId: z.string(),
      from: z.string(),
      openPages: z.number().int(),
      followups: z.number().int(),
      alreadyImported: z.boolean(),
    }),
  },
  updateHandoffSettings: { args: HandoffSettingsSchema, result: HandoffSettingsSchema },
  ...deliveryRequests,
  ...chatRequests,
} as const;
