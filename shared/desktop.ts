import { z } from 'zod';

/**
 * How Baton sits on this desktop, for Settings: which way notifications are shown (and whether
 * they can be acted on), and whether Baton starts at login.
 */
export const NotifierInfoSchema = z.object({
  /** `freedesktop`: Baton speaks the desktop's notification service over D-Bus itself; `node-notifier`: its helper programs. */
  backend: z.enum(['freedesktop', 'node-notifier']),
  /** Clicks open what a notification is about and its Acknowledge button works. */
  actions: z.boolean(),
  /** In words: the daemon and what it can do, or why the fallback is in use. */
  detail: z.string().max(1000),
});
export type NotifierInfo = z.infer<typeof NotifierInfoSchema>;


export const LaunchAtLoginSchema = z.object({
  /** The OS's login entry is there and enabled. */
  on: z.boolean(),
  /** `unset` until the user (or the first configured shift) decided. */
  choice: z.enum(['unset', 'on', 'off']),
  /** The autostart file (Linux) or "Login Items" (macOS, Windows). */
  where: z.string().max(1000),
});
export type LaunchAtLogin = z.infer<typeof LaunchAtLoginSchema>;

export const UpdateStateSchema = z.object({
  /** `off`: this copy cannot update itself (not an installed package, or no feed); `reason` says why. */
  status: z.enum(['off', 'idle', 'checking', 'downloading', 'ready', 'current', 'error']),
  /** The version running now. */
  current: z.string().max(100),
  /** The newer version found (downloading or ready). */
  available: z.string().max(100).optional(),
  percent: z.number().min(0).max(100).optional(),
  checkedAt: z.string().max(40).optional(),
  error: z.string().max(2000).optional(),
  reason: z.string().max(1000).optional(),
});
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const DesktopSliceSchema = z.object({
  updates: UpdateStateSchema.optional(),
  notifier: NotifierInfoSchema.optional(),
  /** Absent where the edge gave no login item (tests that do not need one). */
  launchAtLogin: LaunchAtLoginSchema.optional(),
});
export type DesktopSlice = z.infer<typeof DesktopSliceSchema>;
