import { z } from 'zod';
import { HandoffRangeSchema, HandoffReportSchema, HandoffSettingsSchema, Mood } from './model';
import { catalogue } from '../events';
import { DeliveryStatusSchema, deliveryRequests } from './delivery';
import { chatRequests } from './chat';

/** The handoff's part of the IPC contract (spread into shared/contract.ts) and its state slice. */

const Iso = z.string().max(40);

export const ExportFormat = z.enum(['markdown-copy', 'markdown', 'html', 'pdf', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const HandoffEditSchema = z.object({
  draftId: z.string().min(1).max(200),
  summary: z.object({ mood: Mood, text: z.string().max(500) }).optional(),
  notes: z.string().max(64 * 1024).optional(),
  incoming: z.string().max(200).optional(),
  /** For one page (`pageId`) or for every open page of one alert (`alertName`). */
  nextStep: z
    .object({ pageId: z.string().min(1).max(200).optional(), alertName: z.string().min(1).max(500).optional(), text: z.string().max(4096) })
    .refine((s) => (s.pageId === undefined) !== (s.alertName === undefined), 'a next step is for one page or for one alert name')
    .optional(),
  recentChanges: z.string().max(16 * 1024).optional(),
  maintenance: z.string().max(16 * 1024).optional(),
  escalateTo: z.string().max(4096).optional(),
  recovery: z.string().max(4096).optional(),
});

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
