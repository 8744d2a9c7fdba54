import { z } from 'zod';
import { Severity } from './events';
import { SEVERITY_ORDER } from './pages';
import { clockMinutes, inDailyRange, wallTime } from './handoff/zone';
import { wallClockToInstant } from './schedule/zones';
import type { LoadHours } from './trends';

/**
 * The escalation ladder (per severity: repeat intervals that shorten, a louder sound after N
 * unacknowledged repeats, a sound of its own) and support hours (outside them, pages below a chosen
 * severity are held and delivered as one digest when they begin; critical pages always break
 * through). Support hours are the business hours the Load view already keeps (one concept of hours).
 */

/** Sound names of the freedesktop sound naming specification, the ones a notification daemon plays. */
export const SOUND_NAMES = ['message-new-instant', 'dialog-information', 'dialog-warning', 'bell', 'complete', 'alarm-clock-elapsed', 'phone-incoming-call'] as const;
export const SoundName = z.enum(SOUND_NAMES);
export type SoundName = z.infer<typeof SoundName>;

export const LadderStepSchema = z
  .object({
    /** Minutes between repeats, in order; the last one repeats. Empty = every N minutes of the notification settings. */
    repeatMinutes: z.array(z.number().int().min(1, 'a repeat interval is at least 1 minute').max(60, 'a repeat interval is at most 60 minutes')).max(10, 'at most 10 intervals').default([]),
    /** After this many unacknowledged repeats the louder sound plays (0 = never). */
    louderAfter: z.number().int().min(0).max(20).default(0),
    sound: SoundName.default('dialog-warning'),
    louderSound: SoundName.default('alarm-clock-elapsed'),
  })
  .refine((s) => s.repeatMinutes.every((m, i) => i === 0 || m <= s.repeatMinutes[i - 1]), {
    message: 'repeat intervals must shorten (or stay the same), never grow',
    path: ['repeatMinutes'],
  });
export type LadderStep = z.infer<typeof LadderStepSchema>;

export const EscalationSettingsSchema = z.object({
  ladder: z
    .object({
      critical: LadderStepSchema.prefault({ louderAfter: 2, sound: 'dialog-warning', louderSound: 'alarm-clock-elapsed' }),
      high: LadderStepSchema.prefault({ louderAfter: 3, sound: 'dialog-warning', louderSound: 'alarm-clock-elapsed' }),
      warning: LadderStepSchema.prefault({ sound: 'message-new-instant' }),
      info: LadderStepSchema.prefault({ sound: 'dialog-information' }),
    })
    .prefault({}),
  supportHours: z
    .object({
      /** Off: every page notifies at once, whatever the hour. */
      enabled: z.boolean().default(false),
      /** Pages below this severity are held outside support hours; critical pages never are. */
      holdBelow: Severity.exclude(['info']).default('high'),
    })
    .prefault({}),
});
export type EscalationSettings = z.infer<typeof EscalationSettingsSchema>;

/** Minutes until the repeat after `repeatsSoFar` repeats: the ladder's interval, the last one held. */
export function repeatDelayMinutes(step: LadderStep, repeatsSoFar: number, fallbackMinutes: number): number {
  const list = step.repeatMinutes;
  if (list.length === 0) return fallbackMinutes;
  return list[Math.min(repeatsSoFar, list.length - 1)];
}

/** The sound of a notification: the severity's own, the louder one from the N-th unacknowledged repeat on. */
export function soundFor(step: LadderStep, repeat: number): SoundName {
  return step.louderAfter > 0 && repeat >= step.louderAfter ? step.louderSound : step.sound;
}

/** Whether a page of this severity waits for support hours when it comes outside them. Critical never does. */
export function isHoldable(severity: Severity, settings: EscalationSettings): boolean {
  if (!settings.supportHours.enabled || severity === 'critical') return false;
  return SEVERITY_ORDER[severity] > SEVERITY_ORDER[settings.supportHours.holdBelow];
}

export type SupportHours = LoadHours['business'];

/** Whether `at` lies in support hours (days and times in the user's zone, DST included). */
export function inSupportHours(at: number, hours: SupportHours, timeZone: string): boolean {
  const w = wallTime(at, timeZone);
  return hours.days.includes(w.weekday) && inDailyRange(w.hour * 60 + w.minute, clockMinutes(hours.start), clockMinutes(hours.end));
}

/**
 * When support hours next begin after `at` (at itself when they are in force): the start time on
 * the next support day, as the wall clock of the zone names it (a DST change in between is honoured).
 * Null when no day is a support day.
 */
export function nextSupportStart(at: number, hours: SupportHours, timeZone: string): number | null {
  if (inSupportHours(at, hours, timeZone)) return at;
  if (hours.days.length === 0 || hours.start === hours.end) return null;
  const [hour, minute] = hours.start.split(':').map(Number);
  const today = wallTime(at, timeZone);
  for (let offset = 0; offset <= 8; offset++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const weekday = ((day.getUTCDay() + 6) % 7) + 1;
    if (!hours.days.includes(weekday)) continue;
    const start = wallClockToInstant({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour, minute, second: 0 }, timeZone);
    if (start > at) return start;
  }
  return null;
}

/** The rules as the Settings form shows and saves them: the ladder, the hold, and the support hours (the Load view's business hours). */
export const EscalationViewSchema = z.object({
  rules: EscalationSettingsSchema,
  hours: z.object({
    days: z.array(z.number().int().min(1).max(7)).max(7),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00'),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 18:00'),
  }),
});
export type EscalationView = z.infer<typeof EscalationViewSchema>;

export const escalationRequests = {
  getEscalation: { args: z.void(), result: EscalationViewSchema.extend({ held: z.object({ count: z.number().int(), until: z.string() }).nullable() }) },
  updateEscalation: {
    args: EscalationViewSchema.refine((v) => !v.rules.supportHours.enabled || (v.hours.days.length > 0 && v.hours.start !== v.hours.end), {
      message: 'support hours need at least one day and a start different from the end',
      path: ['hours'],
    }),
    result: EscalationViewSchema,
  },
} as const;

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HELD_WORDS: Record<EscalationSettings['supportHours']['holdBelow'], string> = {
  critical: 'high, warning and info pages',
  high: 'warning and info pages',
  warning: 'info pages',
};

/** The rules in plain lines, for the handoff: one per repeating severity, one for support hours. */
export function describeRules(rules: EscalationSettings, hours: SupportHours, repeatMinutes: number): string[] {
  const lines = (['critical', 'high'] as const).map((s) => {
    const step = rules.ladder[s];
    const every = step.repeatMinutes.length > 0 ? `repeats after ${step.repeatMinutes.join(', ')} min` : `repeats every ${repeatMinutes} min`;
    const louder = step.louderAfter > 0 ? `; ${step.louderSound} after ${step.louderAfter} unacknowledged repeat(s)` : '';
    return `${s[0].toUpperCase()}${s.slice(1)}: ${every}, sound ${step.sound}${louder}`;
  });
  const days = hours.days.map((d) => DAY_NAMES[d - 1]).join(', ');
  lines.push(
    rules.supportHours.enabled
      ? `Support hours ${days} ${hours.start}–${hours.end}: ${HELD_WORDS[rules.supportHours.holdBelow]} held outside them; critical pages always break through`
      : 'Support hours off: every page notifies at once',
  );
  return lines;
}
