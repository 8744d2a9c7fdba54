import { z } from 'zod';
import { ConnectionReportSchema, ServiceSourceInputSchema, ServiceSourceViewSchema } from './page-services';

const ok = z.object({ ok: z.literal(true) });
const PageId = z.string().max(200);

/** The contract's requests for paging services (PagerDuty, …): their sources and what they can do to a page. */
export const serviceSourceRequests = {
  /** Adds or edits a paging-service source; its key is sealed in main and never comes back. */
  saveServiceSource: { args: ServiceSourceInputSchema, result: ServiceSourceViewSchema },
  /** "Test connection": who the key belongs to and what it can see, without saving. */
  testServiceSource: { args: ServiceSourceInputSchema, result: ConnectionReportSchema },
  /** Acknowledged at the service for a while, then triggered again there (PagerDuty's snooze). */
  snoozePage: {
    args: z.object({ pageId: PageId, minutes: z.number().int().min(1).max(7 * 24 * 60) }),
    result: z.object({ ok: z.literal(true), until: z.string(), message: z.string() }),
  },
  /** Sends a note to the page's incident at the service too (the user chose to). */
  sendPageNote: { args: z.object({ pageId: PageId, text: z.string().trim().min(1).max(25_000) }), result: ok.extend({ message: z.string() }) },
} as const;
