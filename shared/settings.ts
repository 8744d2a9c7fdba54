import { z } from 'zod';
import { NotificationRuleSchema } from './pages';

/** Who the user is; later used to find "me" in schedules and as the acker of pages. */
export const IdentitySchema = z.object({
  name: z.string().trim().max(200).default(''),
  emails: z.array(z.string().trim().email().max(320)).max(20).default([]),
});

export const ThemeSchema = z.enum(['system', 'light', 'dark']);

/** Every notification setting, in one section: how pages notify, and which pages do. */
export const NotificationSettingsSchema = z.object({
  sound: z.boolean().default(true),
  repeatMinutes: z.number().int().min(1).max(60).default(2),
  /** The first rule that matches a page decides whether it notifies; no match means it does. */
  rules: z.array(NotificationRuleSchema).max(100).default([]),
  /** Critical pages notify even while notifications are paused. */
  criticalBreaksPause: z.boolean().default(true),
  /** Pages of one source closer together than this are one storm: one notification (0 = each alone). */
  stormWindowSeconds: z.number().int().min(0).max(60).default(4),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** What assistants may do through `baton mcp` (the local API); reading and adding notes always, acknowledging only when turned on. */
export const AssistantSettingsSchema = z.object({
  mayAcknowledge: z.boolean().default(false),
});

export const SettingsSchema = z.object({
  identity: IdentitySchema.prefault({}),
  /** IANA zone used to display times; empty means the operating system's zone. */
  timeZone: z.string().max(64).default(''),
  theme: ThemeSchema.default('system'),
  notifications: NotificationSettingsSchema.prefault({}),
  assistants: AssistantSettingsSchema.prefault({}),
  /** First-run setup: when a test notification was last shown (ISO; empty until then). */
  setup: z.object({ testNotificationAt: z.string().max(40).default('') }).prefault({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z.strictObject({
  identity: IdentitySchema.partial().optional(),
  timeZone: z
    .string()
    .max(64)
    .refine((zone) => zone === '' || isKnownTimeZone(zone), 'unknown time zone')
    .optional(),
  theme: ThemeSchema.optional(),
  notifications: z
    .object({
      sound: z.boolean(),
      repeatMinutes: z.number().int().min(1).max(60),
      rules: z.array(NotificationRuleSchema).max(100),
      criticalBreaksPause: z.boolean(),
      stormWindowSeconds: z.number().int().min(0).max(60),
    })
    .partial()
    .optional(),
  assistants: z.object({ mayAcknowledge: z.boolean() }).partial().optional(),
  setup: z.object({ testNotificationAt: z.string().max(40) }).partial().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  return SettingsSchema.parse({
    ...current,
    ...patch,
    identity: { ...current.identity, ...patch.identity },
    notifications: { ...current.notifications, ...patch.notifications },
    assistants: { ...current.assistants, ...patch.assistants },
    setup: { ...current.setup, ...patch.setup },
  });
}

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
