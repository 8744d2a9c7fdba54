import type { EventData } from '../shared/events';
import { isEvent, type JournalRecord, type Projection } from '../shared/records';
import { followupsProjection, openFollowups } from '../shared/action-log';
import { displayTimeZone } from '../shared/time';
import type { ShiftSlice } from '../shared/schedule/slice';
import {
  buildHandoff,
  fromLocalInput,
  HandoffSettingsSchema,
  localDate,
  parseHandoff,
  renderHtml,
  renderJson,
  renderMarkdown,
  type HandoffRange,
  type HandoffReport,
  type HandoffSettings,
} from '../shared/handoff';
import type { ExportFormat, HandoffSlice, ReceivedHandoff } from '../shared/handoff/contract';
import type { FeatureContext } from './services';
import type { Handlers } from './router';
import { UserError } from './user-error';
import { fold, project } from './projection';
import { errorText } from '../shared/errors';
import { defineSection } from './settings';

type HandoffChannels = 'getHandoffDraft' | 'editHandoff' | 'exportHandoff' | 'handOver' | 'importHandoff' | 'updateHandoffSettings';

export interface HandoffService {
  handlers: Pick<Handlers, HandoffChannels>;
  /**
   * The end-of-shift flow: the shifts reminder calls this to bring the draft up (it asks the
   * window to show the Handoff view, which loads the draft for the current shift).
   */
  openHandoffDraft(): void;
  /** The report for a range, as the view and the exports see it. */
  draft(range: HandoffRange): HandoffReport;
  dispose(): void;
}

const handoffSection = defineSection({
  key: 'handoff',
  schema: HandoffSettingsSchema,
  label: 'handoff settings',
  fallback: 'Baton uses the default handoff settings until they are saved again.',
});
const WEEK = 7 * 24 * 3600_000;

/** A shift as the window of a handoff: who had it, who takes over. */
interface ShiftWindow {
  start: number;
  end: number;
  scheduleId: string | null;
  scheduleName: string;
  outgoing: string;
  incoming: string;
}

export async function createHandoff(ctx: FeatureContext): Promise<HandoffService> {
  const { hub, journal, clock, deps, log } = ctx;

  const readSettings = (): HandoffSettings => ctx.settings.read(handoffSection);

  const slice = project(journal, sliceProjection(), (state, record) => {
    if (record.type.startsWith('handoff.')) publish(state);
  });
  function publish(state: Omit<HandoffSlice, 'settings'> = slice.get()) {
    hub.set('handoff', { ...state, settings: readSettings() });
  }
  publish();

  const zone = () => displayTimeZone(hub.get());

  /**
   * My current or last shift. The shifts feature journals shift.started / shift.ended for my shifts,
   * so the journal has the window; its state slice knows who is on call next (the incoming).
   */
  function shiftWindow(): ShiftWindow {
    const now = clock.now();
    const shift = hub.get().shift;
    const me = [ctx.settings.get().identity.name, ...(shift?.identity.people ?? [])].filter(Boolean);
    const fromJournal = lastShiftInJournal(journal.records(), me);
    if (fromJournal) return { ...fromJournal, incoming: incomingFromSlice(shift, fromJournal, now, me) || fromJournal.incoming };
    // No schedule yet: the last 7 days, from local midnight so the draft (and its edits) stay put all day.
    const start = fromLocalInput(`${localDate(now - WEEK, zone())}T00:00`, zone()) ?? now - WEEK;
    return { start, end: now, scheduleId: null, scheduleName: '', outgoing: ctx.settings.get().identity.name, incoming: '' };
  }

  function windowFor(range: HandoffRange): ShiftWindow {
    if (range.kind === 'shift') return shiftWindow();
    const start = Date.parse(range.start);
    const end = Date.parse(range.end);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new UserError('The range needs a valid start and end.');
    if (end <= start) throw new UserError('The range must end after it starts.');
    if (end - start > 92 * 24 * 3600_000) throw new UserError('A handoff covers at most 92 days; choose a shorter range.');
    return { start, end, scheduleId: null, scheduleName: '', outgoing: ctx.settings.get().identity.name, incoming: '' };
  }

  function draft(range: HandoffRange): HandoffReport {
    const w = windowFor(range);
    return buildHandoff({
      records: journal.records(),
      window: { start: w.start, end: w.end, timeZone: zone() },
      now: clock.now(),
      scheduleId: w.scheduleId,
      scheduleName: w.scheduleName,
      outgoing: w.outgoing,
      incoming: w.incoming,
      settings: readSettings(),
    });
  }

  function fileName(report: HandoffReport, ext: string): string {
    const schedule = slug(report.header.scheduleName) || 'shift';
    return `handoff-${schedule}-${localDate(Date.parse(report.header.asOf), report.header.window.timeZone)}.${ext}`;
  }

  async function exportAs(report: HandoffReport, format: ExportFormat) {
    switch (format) {
      case 'markdown-copy': {
        await deps.copyText(renderMarkdown(report));
        return { fileName: fileName(report, 'md'), savedTo: null, copied: true };
      }
      case 'markdown':
        return save(fileName(report, 'md'), renderMarkdown(report));
      case 'html':
        return save(fileName(report, 'html'), renderHtml(report));
      case 'json':
        return save(fileName(report, 'json'), renderJson(report));
      case 'pdf': {
        let pdf: Uint8Array;
        try {
          pdf = await deps.printToPdf(renderHtml(report));
        } catch (error) {
          log.error('handoff: printing to PDF failed', error);
          throw new UserError(`Baton could not print the handoff to PDF: ${errorText(error)}`, { cause: error });
        }
        return save(fileName(report, 'pdf'), pdf);
      }
    }
  }

  async function save(name: string, content: string | Uint8Array) {
    try {
      const savedTo = await deps.saveFile(name, content);
      if (savedTo) log.info(`handoff: saved ${name}`);
      return { fileName: name, savedTo, copied: false };
    } catch (error) {
      log.error(`handoff: saving ${name} failed`, error);
      throw new UserError(`Baton could not save ${name}: ${errorText(error)}`, { cause: error });
    }
  }

  async function importHandoff(text: string) {
    const parsed = parseHandoff(text);
    if (!parsed.ok) throw new UserError(parsed.error);
    const report = parsed.report;
    const from = report.header.outgoing || 'the previous on-call';
    const handoffId = `${report.id}|${report.header.outgoing}`.slice(0, 200);
    const counts = { handoffId, from, openPages: report.openPages.length, followups: report.followups.length };
    const records = journal.records();
    if (records.some((r) => isEvent(r, 'handoff.received') && r.data.handoffId === handoffId)) {
      return { ...counts, alreadyImported: true };
    }
    const open = new Set(openFollowups(fold(followupsProjection, records)).map((f) => f.id));
    const me = ctx.settings.get().identity.name;
    const followupIds = report.followups.map((f) => f.id);
    // Queued in one tick (one group commit, sequence numbers in this order): follow-ups first, so
    // if Baton stops half-way, importing again adds only what is missing.
    const appends: Promise<unknown>[] = report.followups
      .filter((f) => !open.has(f.id))
      .map((f) =>
        journal.append('followup.added', {
          id: f.id,
          text: f.text,
          ...(f.owner ? { owner: f.owner } : {}),
          ...(f.due ? { due: f.due } : {}),
        }),
      );
    appends.push(
      journal.append('handoff.received', {
        handoffId,
        from,
        to: report.header.incoming || me,
        scheduleName: report.header.scheduleName,
        start: report.header.window.start,
        end: report.header.window.end,
        summary: report.header.summary.text,
        notes: report.notesForNext,
        openPages: report.openPages.map((p) => ({
          pageId: p.pageId,
          title: p.title,
          severity: p.severity,
          since: p.since,
          lastAction: p.lastAction?.text ?? '',
          nextStep: p.nextStep,
        })),
        followupIds,
      }),
    );
    await Promise.all(appends);
    log.info(`handoff: imported ${handoffId} from ${from}: ${counts.openPages} open page(s), ${counts.followups} follow-up(s)`);
    return { ...counts, alreadyImported: false };
  }

  const handlers: HandoffService['handlers'] = {
    getHandoffDraft: (range) => ({ report: draft(range) }),
    editHandoff: async (edit) => {
      await journal.append('handoff.edited', edit);
      return { ok: true as const };
    },
    exportHandoff: ({ range, format }) => exportAs(draft(range), format),
    handOver: async (range) => {
      const report = draft(range);
      const record = await journal.append('handoff.sent', {
        draftId: report.id,
        from: report.header.outgoing,
        to: report.header.incoming,
        start: report.header.window.start,
        end: report.header.window.end,
        openPages: report.openPages.length,
        openFollowups: report.followups.length,
      });
      return { draftId: report.id, sentAt: record.ts };
    },
    importHandoff: ({ text }) => importHandoff(text),
    updateHandoffSettings: (next) => {
      ctx.settings.write(handoffSection, next);
      publish();
      return readSettings();
    },
  };

  return {
    handlers,
    draft,
    openHandoffDraft: () => hub.emit('navigate', { view: 'handoff' }),
    dispose: () => slice.dispose(),
  };
}

/** Who takes over on the shift's schedule, as the schedule says (the shifts slice). */
function incomingFromSlice(shift: ShiftSlice | undefined, window: ShiftWindow, now: number, me: string[]): string {
  const schedule = shift?.schedules.find((s) => s.id === window.scheduleId) ?? shift?.schedules.find((s) => s.name === window.scheduleName);
  if (!schedule) return '';
  // While my shift runs, the next span is the incoming one; once it has ended, whoever is on now.
  const span = window.end > now ? schedule.next : (schedule.now ?? schedule.next);
  const people = (span?.people ?? []).filter((p) => !me.some((m) => samePerson(m, p)));
  return people.join(', ');
}

/**
 * The shift running now, else the one that ended last, from shift.started / shift.ended records.
 * When `me` (my names) is known, my own latest shift wins over a later one of someone else's.
 */
export function lastShiftInJournal(records: readonly JournalRecord[], me: readonly string[] = []): ShiftWindow | null {
  let fallback: ShiftWindow | null = null;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (!isEvent(r, 'shift.started') && !isEvent(r, 'shift.ended')) continue;
    const d = r.data;
    const start = Date.parse(d.start);
    const end = Date.parse(d.end);
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) continue;
    const window: ShiftWindow = { start, end, scheduleId: d.scheduleId, scheduleName: d.scheduleName, outgoing: d.person, incoming: nextPerson(records, i, d) };
    if (me.length === 0 || me.some((m) => samePerson(d.person, m))) return window;
    fallback ??= window;
  }
  return fallback;
}

/** Who took over on the same schedule after this shift, if their shift was already announced. */
function nextPerson(records: readonly JournalRecord[], index: number, shift: EventData<'shift.started'>): string {
  for (let j = index + 1; j < records.length; j++) {
    const n = records[j];
    if (!isEvent(n, 'shift.started')) continue;
    const d = n.data;
    if (d.scheduleId === shift.scheduleId && d.start >= shift.start && !samePerson(d.person, shift.person)) return d.person;
  }
  return '';
}

function samePerson(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function sliceProjection(): Projection<Omit<HandoffSlice, 'settings'>> {
  return {
    initial: () => ({ received: [], lastSent: null }),
    apply(state, record) {
      if (isEvent(record, 'handoff.received')) {
        const received: ReceivedHandoff = { ...record.data, receivedAt: record.ts };
        return { ...state, received: [received, ...state.received].slice(0, 20) };
      }
      if (isEvent(record, 'handoff.sent')) {
        const d = record.data;
        return { ...state, lastSent: { draftId: d.draftId, at: record.ts, to: d.to } };
      }
      return state;
    },
  };
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
