import { HANDOFF_LINK, SHIFT_LINK } from '../../shared/links';
import { formatDateTime, formatDuration } from '../../shared/time';
import type { MyScheduleShift } from '../../shared/schedule/slice';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { Notifier } from '../notifier';
import { dueJournalEntries, type dueReminders } from './planner';

export type DueReminder = ReturnType<typeof dueReminders>[number];

/** The start reminder offers the readiness check (the Shift view shows it before the shift). */
export const READINESS_OFFER = 'Check that pages reach you: Shift → Readiness check.';

export interface ReminderDeps {
  journal: Pick<Journal, 'append' | 'records'>;
  notifier: Notifier;
  log: Logger;
  /** Whether notifications are paused at a time (the pause feature's query). */
  isPaused(at: number): boolean;
  timeZone(): string;
  /** Whether notifications play a sound (Settings). */
  sound(): boolean;
  /** The reminder before my shift ends is due: the end-of-shift flow opens the handoff draft. */
  onShiftEnding?: () => void;
  /** When this process started: shift entries are journaled only for what happened since. */
  aliveSince: number;
}

/** The effects of what the planner found due: journal `shift.started`/`shift.ended`, show reminders. */
export function createReminderActions(deps: ReminderDeps) {
  /** Reminders already shown in this process (the planner never repeats them). */
  const shown = new Set<string>();

  async function journalShifts(mine: MyScheduleShift[], now: number): Promise<void> {
    const entries = dueJournalEntries(mine, deps.journal.records(), now, deps.aliveSince);
    if (entries.length === 0) return;
    // Queued in one tick: one group commit, sequence numbers in order.
    await Promise.all(
      entries.map(({ type, shift }) =>
        deps.journal.append(type, {
          scheduleId: shift.scheduleId.slice(0, 200),
          scheduleName: shift.scheduleName.slice(0, 200),
          person: shift.person.slice(0, 200),
          start: new Date(shift.start).toISOString(),
          end: new Date(shift.end).toISOString(),
        }),
      ),
    );
  }

  async function remind(due: DueReminder[], now: number): Promise<void> {
    const paused = deps.isPaused(now);
    for (const reminder of due) {
      shown.add(reminder.key);
      if (reminder.kind === 'end') deps.onShiftEnding?.();
      if (paused) {
        deps.log.info(`shifts: reminder skipped while notifications are paused (${reminder.key})`);
        continue;
      }
      const { shift } = reminder;
      const tz = deps.timeZone();
      const title =
        reminder.kind === 'start'
          ? `${shift.scheduleName}: your shift starts in ${formatDuration(shift.start - now)}`
          : `${shift.scheduleName}: your shift ends in ${formatDuration(shift.end - now)}`;
      const body =
        reminder.kind === 'start'
          ? `On call from ${formatDateTime(shift.start, tz)} until ${formatDateTime(shift.end, tz)}. ${READINESS_OFFER}`
          : `Prepare your handoff: the shift ends ${formatDateTime(shift.end, tz)}.`;
      // A click opens the shift, or the handoff the end reminder asks for.
      const opens = reminder.kind === 'start' ? SHIFT_LINK : HANDOFF_LINK;
      await deps.notifier.notify({ key: `shift-reminder:${reminder.key}`, title, body, urgency: 'normal', sticky: false, sound: deps.sound(), opens });
    }
  }

  return {
    shown,
    async act(mine: MyScheduleShift[], due: DueReminder[], now: number): Promise<void> {
      await journalShifts(mine, now);
      await remind(due, now);
    },
  };
}

export type ReminderActions = ReturnType<typeof createReminderActions>;
