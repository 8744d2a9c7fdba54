import { z } from 'zod';
import { RotationSchema } from './rotation';
import { RemindersSchema } from './slice';

/** Argument schemas of the schedule requests in the contract. */
const Name = z.string().trim().min(1, 'give the schedule a name').max(120);

export const AddScheduleSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feed'), name: Name, url: z.string().trim().min(1, 'paste the calendar link').max(8192) }),
  z.object({ kind: z.literal('file'), name: Name, path: z.string().trim().min(1, 'choose a .ics file').max(4096) }),
  z.object({ kind: z.literal('rotation'), name: Name, rotation: RotationSchema }),
]);
export type AddScheduleSource = z.infer<typeof AddScheduleSourceSchema>;

export const UpdateScheduleSourceSchema = z.object({
  id: z.string().min(1).max(40),
  name: Name.optional(),
  reminders: RemindersSchema.optional(),
  rotation: RotationSchema.optional(),
});
export type UpdateScheduleSource = z.infer<typeof UpdateScheduleSourceSchema>;

export const ScheduleOptionsSchema = z.object({
  refreshMinutes: z.number().int().min(1).max(1440).optional(),
  fetchTimeoutSeconds: z.number().int().min(1).max(300).optional(),
});
