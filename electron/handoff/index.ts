import { buildHandoff, type HandoffRange, type HandoffReport } from '../../shared/handoff';
import type { HandoffSlice } from '../../shared/handoff/contract';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { SettingsService } from '../settings';
import type { OnCall } from '../shifts';
import type { ExportDeps } from './exports';
import type { AdoptPages } from './adopt';
import { handoffHandlers, type HandoffHandlers } from './handlers';
import { publishHandoffSlice, readHandoffSettings } from './state';
import { windowFor } from './window';
import { createDelivery, type Delivery } from './delivery';
import { openChat } from './delivery/chat';
import { importHandoff } from './receive';
import type { SecretBox } from '../secrets';
import { escalationSection } from '../escalation';
import { loadHoursSection } from '../trends';
import type { Comparison } from '../../shared/trends';

export type { HandoffHandlers } from './handlers';
export { lastShiftInJournal } from './window';
export { slug } from './exports';

/** What the handoff feature uses, and nothing else. */
export interface HandoffDeps extends ExportDeps {
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The report is built from it; edits, hand-overs and imports are appended to it. */
  journal: Pick<Journal, 'append' | 'records' | 'subscribe'>;
  /** My name (identity); the `handoff` section. */
  settings: Pick<SettingsService, 'get' | 'read' | 'write'>;
  /** The zone the report's times are shown in. */
  timeZone(): string;
  /** Who is on call now and next (the shifts feature's query): names the incoming person. */
  onCall(): OnCall;
  /** Where the handoff slice goes (the state hub). */
  publish(slice: HandoffSlice): void;
  /** Brings the Handoff view up; the window then loads the draft for the current shift. */
  showView(): void;
  /** The shared repository's working copy lives here. */
  dataDir: string;
  /** Seals the repository URL when it carries credentials. */
  secretBox: SecretBox;
  /** Runs `fn` after the machine wakes (the repository is looked at again). */
  onResume(fn: () => void): void;
  /** This shift vs the previous four, for the shift that started then (the load view's query). */
  compare(start: number): Comparison | null;
  /** An imported handoff's open pages become mine in Pages (the pages feature's intake). */
  adoptPages?: AdoptPages;
}

export interface HandoffService {
  handlers: HandoffHandlers;
  /** The end-of-shift flow: the shifts reminder calls this to bring the draft up. */
  openHandoffDraft(): void;
  /** The report for a range, as the view and the exports see it. */
  draft(range: HandoffRange): HandoffReport;
  /** The shared repository of handoffs (sync, deliver, accept). */
  delivery: Delivery;
  dispose(): void;
}

export function createHandoff(deps: HandoffDeps): HandoffService {
  const { clock, journal, settings } = deps;
  const myName = () => settings.get().identity.name;
  let delivery: Delivery | null = null;
  const slice = publishHandoffSlice(journal, settings, deps.publish, () => delivery?.status());
  delivery = createDelivery({
    dataDir: deps.dataDir, clock, log: deps.log, journal, settings, secretBox: deps.secretBox, onResume: deps.onResume,
    myNames: () => deps.onCall().me,
    importText: (text, via) => importHandoff({ journal, log: deps.log, myName }, text, via),
    changed: () => slice.republish(),
  });

  function draft(range: HandoffRange): HandoffReport {
    const now = clock.now();
    const timeZone = deps.timeZone();
    const records = journal.records();
    const w = windowFor(range, { now, timeZone, myName: myName(), records, onCall: deps.onCall() });
    return buildHandoff({
      records,
      window: { start: w.start, end: w.end, timeZone },
      now,
      scheduleId: w.scheduleId,
      scheduleName: w.scheduleName,
      outgoing: w.outgoing,
      incoming: w.incoming,
      settings: readHandoffSettings(settings),
      comparison: w.scheduleId ? deps.compare(w.start) : null,
      escalation: { rules: settings.read(escalationSection), hours: settings.read(loadHoursSection).business, repeatMinutes: settings.get().notifications.repeatMinutes },
    });
  }

  const shipping = delivery;
  const chat = openChat(settings, deps.secretBox);
  return {
    handlers: handoffHandlers({ ...deps, myName, draft, republish: slice.republish, delivery: shipping, chat, now: clock.now, timeZone: deps.timeZone }),
    draft,
    delivery: shipping,
    openHandoffDraft: deps.showView,
    dispose() {
      shipping.dispose();
      slice.dispose();
    },
  };
}
