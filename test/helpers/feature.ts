import path from 'node:path';
import { afterEach } from 'vitest';
import type { Clock } from '../../electron/clock';
import { systemClock } from '../../electron/clock';
import { openJournal, type Journal } from '../../electron/journal';
import { memoryLogger } from '../../electron/log';
import type { NotificationRequest, Notifier } from '../../electron/notifier';
import type { Notices } from '../../electron/notices';
import { createActionLog, type ActionLog } from '../../electron/action-log';
import { createHandoff, type HandoffDeps, type HandoffService } from '../../electron/handoff';
import { createRunbooks, type Runbooks, type RunbooksOptions } from '../../electron/runbooks';
import { createKeyFileBox, type SecretBox } from '../../electron/secrets';
import { openSettings, type SettingsService } from '../../electron/settings';
import { createShifts, type OnCall, type Shifts, type ShiftsInputs } from '../../electron/shifts';
import type { JournalSlice } from '../../shared/action-log';
import type { HandoffSlice } from '../../shared/handoff/contract';
import type { Notice } from '../../shared/notices';
import type { RunbooksSlice } from '../../shared/runbooks';
import type { ShiftSlice } from '../../shared/schedule/slice';
import { confStore, savingUnder, tempDir } from './services';

/**
 * What one feature is built on, real where it matters: the journal (with fsync) and the settings
 * file in a temporary data directory. Only the outside edges (notifications, clipboard) are recorded.
 */
export interface FeatureKit {
  dataDir: string;
  clock: Clock;
  log: ReturnType<typeof memoryLogger>;
  journal: Journal;
  settings: SettingsService;
  notices: Notices;
  /** Notices added, in order. */
  noticed: Pick<Notice, 'level' | 'message'>[];
  notifier: Notifier;
  notified: NotificationRequest[];
  secretBox: SecretBox;
  close(): Promise<void>;
}

export async function featureKit(options: { clock?: Clock; dataDir?: string } = {}): Promise<FeatureKit> {
  const dataDir = options.dataDir ?? tempDir('baton-feature-');
  const clock = options.clock ?? systemClock;
  const log = memoryLogger();
  const { settings } = openSettings(path.join(dataDir, 'settings.json'), () => confStore(dataDir), clock.now);
  const journal = await openJournal({ dir: path.join(dataDir, 'journal'), clock, log });
  const noticed: FeatureKit['noticed'] = [];
  let counter = 0;
  const notices: Notices = {
    add(level, message, detail, id) {
      noticed.push({ level, message });
      return { id: id ?? `n${++counter}`, level, message, detail, at: new Date(clock.now()).toISOString() };
    },
    dismiss: () => undefined,
  };
  // As in the app: a section that fails its schema is told once, as a notice.
  settings.onInvalidSection((problem) => void notices.add('warning', problem.message, undefined, problem.noticeId));
  const notified: NotificationRequest[] = [];
  const notifier: Notifier = { notify: async (request) => (notified.push(request), { ok: true }) };
  return { dataDir, clock, log, journal, settings, notices, noticed, notifier, notified, secretBox: createKeyFileBox(dataDir), close: () => journal.close() };
}

/**
 * What a test built (kits, and the features on them), closed after each test, newest first, so a
 * feature is disposed before the journal it writes to closes. `run()` closes early (to reopen).
 */
export function closeAfterEach() {
  const closers: (() => unknown)[] = [];
  const run = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  afterEach(run);
  return { add: (close: () => unknown) => void closers.push(close), run };
}

/** The runbooks feature alone; `slices` holds what it published, newest last. */
export async function runbooksFeature(kit: FeatureKit, options: RunbooksOptions = {}) {
  const slices: RunbooksSlice[] = [];
  const copied: string[] = [];
  const runbooks: Runbooks = await createRunbooks(
    { ...kit, copyText: async (text) => void copied.push(text), publish: (slice) => void slices.push(slice) },
    { firstGitSyncMs: 60_000, ...options },
  );
  return { runbooks, slices, copied, dispose: () => runbooks.dispose() };
}

/** The shifts feature alone; pause it with `setPaused`, wake it with `resume`. */
export async function shiftsFeature(kit: FeatureKit, inputs: ShiftsInputs = {}, timeZone = 'Europe/Berlin') {
  const slices: ShiftSlice[] = [];
  const resumeHooks: (() => void)[] = [];
  let paused = false;
  const shifts: Shifts = await createShifts(
    {
      ...kit,
      timeZone: () => kit.settings.get().timeZone || timeZone,
      isPaused: () => paused,
      publish: (slice) => void slices.push(slice),
      onResume: (fn) => void resumeHooks.push(fn),
    },
    inputs,
  );
  return {
    shifts,
    slices,
    latest: () => slices.at(-1)!,
    setPaused: (value: boolean) => void (paused = value),
    resume: () => resumeHooks.forEach((fn) => fn()),
    dispose: async () => {
      shifts.dispose();
      await shifts.settled();
    },
  };
}

/** The action log (notes, follow-ups, the Log's queries and export) alone; `slices` holds what it published. */
export function actionLogFeature(kit: FeatureKit, timeZone = 'Europe/Berlin') {
  const slices: JournalSlice[] = [];
  const saved: string[] = [];
  const actionLog: ActionLog = createActionLog({ ...kit, timeZone: () => kit.settings.get().timeZone || timeZone, saveFile: savingUnder(kit.dataDir, saved), publish: (slice) => void slices.push(slice) });
  return { actionLog, handlers: actionLog.handlers, slices, latest: () => slices.at(-1)!, saved, dispose: () => actionLog.dispose() };
}

export interface HandoffFeatureOptions {
  /** Who is on call (pass `shifts.onCall` of a shiftsFeature); nobody by default. */
  onCall?: () => OnCall;
  /** Used when the settings name no zone. */
  timeZone?: string;
  printToPdf?: HandoffDeps['printToPdf'];
}

/** The handoff feature alone; `slices` holds what it published, `shown` counts requests to show its view. */
export function handoffFeature(kit: FeatureKit, options: HandoffFeatureOptions = {}) {
  const slices: HandoffSlice[] = [];
  const saved: string[] = [];
  const copied: string[] = [];
  const view = { shown: 0 };
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  const handoff: HandoffService = createHandoff({
    ...kit,
    timeZone: () => kit.settings.get().timeZone || timeZone,
    onCall: options.onCall ?? (() => ({ me: [], schedules: [] })),
    copyText: async (text) => void copied.push(text),
    saveFile: savingUnder(kit.dataDir, saved),
    printToPdf:
      options.printToPdf ??
      (async () => {
        throw new Error('printToPdf needs Chromium: pass the one from test/helpers/print (printWithChromium)');
      }),
    publish: (slice) => void slices.push(slice),
    showView: () => void view.shown++,
    onResume: () => undefined,
    compare: () => null,
  });
  return {
    handoff, handlers: handoff.handlers, slices, latest: () => slices.at(-1)!, saved, copied, view,
    dispose: async () => {
      handoff.dispose();
      await handoff.delivery.settled();
    },
  };
}

let pages = 0;
/** A page as the pages feature records it (`page.received` in the kit's journal), for features that read pages; returns its id. */
export async function recordPage(
  kit: FeatureKit,
  labels: Record<string, string>,
  extra: { annotations?: Record<string, string>; runbookUrl?: string } = {},
): Promise<string> {
  const pageId = `test:${++pages}`;
  await kit.journal.append('page.received', {
    pageId,
    sourceId: 'test',
    sourceName: 'Test',
    dedupKey: pageId,
    title: labels.alertname ?? 'Something is wrong',
    severity: 'critical',
    labels,
    annotations: extra.annotations ?? {},
    runbookUrl: extra.runbookUrl,
    startsAt: new Date(kit.clock.now()).toISOString(),
  });
  return pageId;
}
