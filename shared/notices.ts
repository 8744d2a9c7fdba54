import { z } from 'zod';

/** A message main wants the user to see: a recovered settings file, a failed notification, a full disk. */
export const NoticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  /** Detail for the curious (paths, error codes); never secrets. */
  detail: z.string().optional(),
  at: z.string(),
  /** When main tries again (a failing source): shown through the one time formatter, with the zone named and how far away. */
  retryAt: z.string().optional(),
});
export type Notice = z.infer<typeof NoticeSchema>;
