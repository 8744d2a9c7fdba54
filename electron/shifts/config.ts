import { z } from 'zod';
import { RotationSchema } from '../../shared/schedule/rotation';
import { RemindersSchema } from '../../shared/schedule/slice';
import { defineSection, type SettingsService } from '../settings';

/** The `schedules` section of the settings file. Feed URLs are stored sealed (they carry tokens). */
const Base = {
  id: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(120),
  reminders: RemindersSchema.prefault({}),
};

export const FeedSourceSchema = z.object({ ...Base, kind: z.literal('feed'), sealedUrl: z.string().min(1), redactedUrl: z.string() });
export const FileSourceSchema = z.object({ ...Base, kind: z.literal('file'), path: z.string().min(1).max(4096) });
export const RotationSourceSchema = z.object({ ...Base, kind: z.literal('rotation'), rotation: RotationSchema });
export const SourceConfigSchema = z.discriminatedUnion('kind', [FeedSourceSchema, FileSourceSchema, RotationSourceSchema]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type FeedSource = z.infer<typeof FeedSourceSchema>;

export const SchedulesConfigSchema = z.object({
  sources: z.array(SourceConfigSchema).max(20).default([]),
  refreshMinutes: z.number().int().min(1).max(1440).default(15),
  fetchTimeoutSeconds: z.number().int().min(1).max(300).default(30),
  /** Person names the user confirmed are them ("who am I" when ambiguous). */
  aliases: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
});
export type SchedulesConfig = z.infer<typeof SchedulesConfigSchema>;

export const schedulesSection = defineSection({
  key: 'schedules',
  schema: SchedulesConfigSchema,
  label: 'schedule settings',
  fallback: 'Baton shows no schedule until they are fixed or a schedule is added again.',
});

/** The schedules the user configured, read once (an invalid section is told once by the settings, then starts empty). */
export interface SchedulesConfigStore {
  get(): SchedulesConfig;
  save(next: SchedulesConfig): void;
}

export function openSchedulesConfig(settings: Pick<SettingsService, 'read' | 'write'>): SchedulesConfigStore {
  let config = settings.read(schedulesSection);
  return {
    get: () => config,
    save(next) {
      config = settings.write(schedulesSection, next);
    },
  };
}
