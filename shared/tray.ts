import { formatDateTime, formatDuration, zoneAbbreviation } from './time';
import { wallTime } from './handoff/zone';
import { isPaused, type PauseState } from './pause';

/** What the tray needs to know; features fill their part (shift, pages). */
export interface TrayInput {
  now: number;
  timeZone: string;
  pause: PauseState;
  /** null while no schedule is configured. */
  shift: TrayShift | null;
  openPages: number;
  /** The newest open pages, most urgent first; each gets an Ack item while unacknowledged. */
  latestPages?: TrayPage[];
  /** Pages held outside support hours, and when the digest delivers them. */
  held?: { count: number; until: string } | null;
}

export interface TrayPage {
  id: string;
  title: string;
  severity: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
}

export interface TrayShift {
  onCall: boolean;
  /** End of my current shift when on call, start of my next one otherwise. */
  boundary: string | null;
  /** Who is on call now, when known and not me. */
  currentOnCall: string | null;
  /** The next handoff in any schedule: who takes over and when. */
  nextOnCall?: { who: string; start: string } | null;
}

export type TrayIcon = 'off-call' | 'on-call' | 'paging' | 'paused';

export type TrayActionId =
  | 'open'
  | 'quick-view'
  | 'add-note'
  | 'prepare-handoff'
  | 'pause-15'
  | 'pause-60'
  | 'pause-indefinite'
  | 'resume'
  | 'quit';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; id: TrayActionId; label: string; enabled: boolean }
  | { type: 'action'; id: 'ack-page'; pageId: string; label: string; enabled: boolean };

/** What a click on a tray item asks main to do. */
export type TrayAction = TrayActionId | { id: 'ack-page'; pageId: string };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** The tray's icon, tooltip and menu as a pure function of state, so features only change state. */
export function trayModel(input: TrayInput): TrayModel {
  const paused = isPaused(input.pause, input.now);
  const status = shiftLine(input);
  const pagesLine =
    input.openPages > 0 ? `${input.openPages} open page${input.openPages === 1 ? '' : 's'}` : null;
  const pauseLine = paused ? pauseText(input) : null;
  const heldLine = input.held ? heldText(input.held, input.timeZone, input.now) : null;

  const icon: TrayIcon =
    input.openPages > 0 ? 'paging' : paused ? 'paused' : input.shift?.onCall ? 'on-call' : 'off-call';
  const tooltip = ['Baton', status, pagesLine, heldLine, pauseLine].filter(Boolean).join(' — ');

  const menu: TrayMenuItem[] = [{ type: 'label', label: status }];
  if (input.shift?.currentOnCall) menu.push({ type: 'label', label: `On call now: ${input.shift.currentOnCall}` });
  if (input.shift?.nextOnCall) {
    const { who, start } = input.shift.nextOnCall;
    menu.push({ type: 'label', label: `Next: ${who} from ${formatDateTime(start, input.timeZone)}` });
  }
  if (pagesLine) menu.push({ type: 'label', label: pagesLine });
  if (heldLine) menu.push({ type: 'label', label: heldLine });
  if (pauseLine) menu.push({ type: 'label', label: pauseLine });
  const latest = input.latestPages ?? [];
  if (latest.length > 0) menu.push({ type: 'separator' });
  for (const page of latest) {
    const title = page.title.length > 60 ? `${page.title.slice(0, 59)}…` : page.title;
    menu.push({ type: 'label', label: `${page.severity.toUpperCase()} · ${title}${page.status === 'acknowledged' ? ' (acknowledged)' : ''}` });
    if (page.status === 'triggered') menu.push({ type: 'action', id: 'ack-page', pageId: page.id, label: `Acknowledge “${title}”`, enabled: true });
  }
  menu.push({ type: 'separator' }, { type: 'action', id: 'open', label: 'Open Baton', enabled: true });
  // The popover a click on the icon opens, for desktops whose tray only shows this menu (some Linux panels).
  menu.push({ type: 'action', id: 'quick-view', label: 'Quick view…', enabled: true });
  menu.push({ type: 'action', id: 'add-note', label: 'Add note…', enabled: true });
  menu.push({ type: 'action', id: 'prepare-handoff', label: 'Prepare handoff…', enabled: true });
  menu.push({ type: 'separator' });
  if (paused) {
    menu.push({ type: 'action', id: 'resume', label: 'Resume notifications', enabled: true });
  } else {
    menu.push(
      { type: 'action', id: 'pause-15', label: 'Pause notifications for 15 min', enabled: true },
      { type: 'action', id: 'pause-60', label: 'Pause notifications for 1 h', enabled: true },
      { type: 'action', id: 'pause-indefinite', label: 'Pause notifications until resumed', enabled: true },
    );
  }
  menu.push({ type: 'separator' }, { type: 'action', id: 'quit', label: 'Quit Baton', enabled: true });
  return { icon, tooltip, menu };
}

/** The shift in one line ("On call until Mon 30 Nov, 09:00 CET (2 h 5 min left)"), for the tray and its popover. */
export function shiftLine({ shift, now, timeZone }: Pick<TrayInput, 'shift' | 'now' | 'timeZone'>): string {
  if (!shift) return 'No schedule configured';
  if (shift.onCall) {
    if (!shift.boundary) return 'On call';
    const left = formatDuration(Date.parse(shift.boundary) - now);
    return `On call until ${formatDateTime(shift.boundary, timeZone)} (${left} left)`;
  }
  if (!shift.boundary) return 'Off call';
  return `Next shift ${formatDateTime(shift.boundary, timeZone)}`;
}

function pauseText({ pause, timeZone }: TrayInput): string {
  if (pause.indefinite || !pause.until) return 'Notifications paused until resumed';
  return `Notifications paused until ${formatDateTime(pause.until, timeZone)}`;
}

/** "3 held until 09:00 CET": pages held outside support hours, and when support hours begin (in the user's zone, named). */
export function heldText(held: { count: number; until: string }, timeZone: string, now: number): string {
  // Past the next day (a weekend) the day is named too.
  const when = Date.parse(held.until) - now < 20 * 3_600_000 ? hourMinute(held.until, timeZone) : formatDateTime(held.until, timeZone);
  return `${held.count} held until ${when}`;
}

/** "09:00 CET". */
function hourMinute(iso: string, timeZone: string): string {
  const w = wallTime(Date.parse(iso), timeZone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')} ${zoneAbbreviation(new Date(iso), timeZone)}`;
}
