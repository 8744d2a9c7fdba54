import path from 'node:path';
import { trayModel, type TrayAction, type TrayModel } from '../shared/tray';
import { initialAppState, type AppState } from '../shared/state';
import { displayTimeZone } from '../shared/time';
import type { Handlers, Dispatch } from './router';
import { createDispatch } from './router';
import type { Clock } from './clock';
import type { Logger } from './log';
import { createHub, type Hub } from './hub';
import { watchTray } from './tray-updates';
import { escalationHandlers } from './escalation';
import { openSettings, type KeyValueStore, type OpenSettingsResult, type SettingsService } from './settings';
import { whyUnwritable } from './storage';
import { createNotices, type Notices } from './notices';
import { createPause, type PauseService } from './pause';
import { describeRepairs, openJournal, type Journal } from './journal';
import type { SecretBox } from './secrets';
import { checkExternalUrl } from './external';
import type { PickPurpose } from '../shared/pick';
import { reportingNotifier, type Notifier } from './notifier';
import { setupHandlers } from './setup';
import { adoptingPages } from './handoff/adopt';
import { createShifts } from './shifts';
import { trayShift } from '../shared/schedule/tray';
import { createActionLog } from './action-log';
import { createPages, type PagesFeature } from './pages';
import { createHandoff, type HandoffService } from './handoff';
import { createRunbooks, type Runbooks, type RunbooksOptions } from './runbooks';
import { openLocalApi, type LocalApiStatus } from './local-api';
import { handleActivation } from './notify/activations';
import { createLaunchAtLogin, type LoginItem } from './desktop/launch-at-login';
import { UserError } from './user-error';
import { createUpdates, type Updater } from './updates';
import { linkTarget, parseBatonLink, type BatonLink } from '../shared/links';
import { errorText } from '../shared/errors';
import { createCoverage, type Coverage } from './coverage';
import { createTrends } from './trends';
import { createInvestigation } from './investigation';
import { createReadiness, desktopFor, type ReadinessDeps } from './readiness';

/** Everything the services need from the outside world; main.ts passes Electron-backed ones, tests real Node ones. */
export interface ServiceDeps {
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** Opens the settings store (electron-store in the app, conf in tests) as `<dataDir>/settings.json`. */
  createSettingsStore: (dir: string) => KeyValueStore;
  secretBox: SecretBox;
  /** The edge's browser launcher; called only with URLs main has checked. */
  openExternal: (url: string) => Promise<void>;
  appInfo: AppState['app'];
  /** Native notifications (node-notifier in the app). */
  notifier: Notifier;
  /** Asks the user where to save (a dialog in the app); resolves to the path written, or null if cancelled. */
  saveFile: (suggestedName: string, content: string | Uint8Array) => Promise<string | null>;
  /** The OS's folder or file picker (a native dialog in the app); resolves to the path chosen, or null if cancelled. */
  pickPath: (purpose: PickPurpose) => Promise<string | null>;
  /** Puts text on the system clipboard (asynchronous in Electron 45). */
  copyText: (text: string) => Promise<void>;
  /** Renders a self-contained HTML document to PDF (Chromium's printToPDF at the edge). */
  printToPdf: (html: string) => Promise<Uint8Array>;
  /**
   * Check every event sent to the window against the contract (see HubOptions). main.ts passes
   * `!app.isPackaged`; absent = on, as in tests.
   */
  checkContract?: boolean;
  /** Pages: listen on this port instead of the configured one (tests pass 0 for an ephemeral port). */
  webhookPort?: number;
  /** Brings the main window to the front (a notification click, a `baton://` link, the tray popover's "Open Baton"); the edge also hides the popover. */
  showWindow?: () => void;
  /** How this OS starts Baton at login (an XDG autostart entry, a login item); absent = not offered. */
  loginItem?: LoginItem;
  /** Self-update (electron-updater at the edge); absent = not offered. */
  updater?: Updater;
  /** Runbooks: timings and the fetch used for runbook links; tests shorten them. */
  runbooks?: RunbooksOptions;
  /** The local API for the `baton` command (a socket in the data folder); absent = on. */
  localApi?: boolean;
  /** Readiness: how the desktop is asked about notifications (tests point it at their own session bus). */
  desktop?: ReadinessDeps['desktop'];
}

export interface Services {
  hub: Hub;
  dispatch: Dispatch;
  /** Every contract channel's handler (the compiler and a test both check none is missing). */
  handlers: Handlers;
  journal: Journal;
  settings: SettingsService;
  pause: PauseService;
  notices: Notices;
  /** Pages: ingest and sources, for the edge, tests and benchmarks. */
  pages: PagesFeature;
  /** The handoff feature; `handoff.openHandoffDraft()` is the end-of-shift entry point. */
  handoff: HandoffService;
  tray(): TrayModel;
  /** Renders the tray now and whenever what it shows changes (never on unrelated state). */
  onTrayChange(render: (model: TrayModel) => void): () => void;
  /** The edge calls this on power resume / screen unlock. */
  resume(): void;
  /** The edge calls this when the machine is about to sleep. */
  suspend(): void;
  /** Coverage gaps (sleep, not running, sources unreachable, paused), for tests and the edge. */
  coverage: Coverage;
  trayAction(action: TrayAction, edge: TrayEdge): void;
  /** Opens a `baton://` link (a notification click, a second start's command line, the OS): false if it is not one. */
  openLink(url: string): boolean;
  /** Notification clicks and buttons handled so far have finished (tests, benchmarks). */
  activationsSettled(): Promise<void>;
  dispose(): Promise<void>;
  /** Runbooks: sync and cache, for tests and the edge. */
  runbooks: Runbooks;
  /** The local API the `baton` command talks to: where it listens, or why it does not. */
  localApi: LocalApiStatus;
}

export async function createServices(deps: ServiceDeps): Promise<Services> {
  const infra = await openInfrastructure(deps);
  const features = await createFeatures(deps, infra);
  const handlers = appHandlers(deps, infra, features);
  const localApi = await openLocalApi({ ...deps, handlers, settings: infra.settings, notices: infra.notices, journal: infra.journal });
  return assemble(deps, infra, features, handlers, localApi);
}

/** Settings, the state hub, notices, the journal, pause, the notifier: what every feature stands on. */
async function openInfrastructure(deps: ServiceDeps) {
  const { dataDir, clock, log } = deps;
  const opened = openSettings(path.join(dataDir, 'settings.json'), () => deps.createSettingsStore(dataDir), clock.now);
  const settings = opened.settings;
  const hub = createHub(initialAppState(deps.appInfo, settings.get()), log, { checkContract: deps.checkContract ?? true });
  const notices = createNotices(hub, clock);
  reportStorageProblems(deps, settings, notices, opened.recovered);

  const journal = await openJournal({ dir: path.join(dataDir, 'journal'), clock, log });
  const repaired = describeRepairs(path.join(dataDir, 'journal'), journal.repairs);
  if (repaired) notices.add('warning', repaired.message, repaired.detail, 'journal-repaired');

  const notifier = reportingNotifier(deps.notifier, log, (error) =>
    notices.add('error', `Baton could not show a notification: ${error}`, 'Check that a notification service is running.', 'notify-failed'),
  );
  const resumeHooks: (() => void)[] = [];
  return {
    settings,
    hub,
    notices,
    journal,
    notifier,
    pause: createPause(hub, clock),
    resumeHooks,
    onResume: (fn: () => void) => void resumeHooks.push(fn),
  };
}
type Infrastructure = Awaited<ReturnType<typeof openInfrastructure>>;

/** A settings file set aside, settings that cannot be saved, an unwritable data folder, a bad section: each is told once. */
function reportStorageProblems(deps: ServiceDeps, settings: SettingsService, notices: Notices, recovered: OpenSettingsResult['recovered']): void {
  const { dataDir, log } = deps;
  if (recovered) {
    log.warn('settings: the settings file was unreadable and was moved aside', recovered);
    notices.add(
      'warning',
      `Your settings file could not be read (${recovered.reason}). Baton started with default settings and kept the old file as a backup.`,
      recovered.backupPath,
      'settings-recovered',
    );
  }
  settings.onUnsaved((problem) => {
    if (!problem) return notices.dismiss('settings-unsaved');
    log.error(`settings: could not be saved (${problem.reason}); kept in memory`, problem.consequences);
    notices.add('error', `Baton cannot save its settings: ${problem.reason}. ${problem.consequences.map(sentence).join(' ')}`, path.join(dataDir, 'settings.json'), 'settings-unsaved');
  });
  const unwritable = whyUnwritable(dataDir);
  if (unwritable) {
    log.error(`storage: ${dataDir} cannot be written (${unwritable})`);
    notices.add('error', `Baton cannot save to its data folder: ${unwritable}. Baton runs, but what happens now may not be saved until this is fixed.`, dataDir, 'storage-unwritable');
  }
  settings.onInvalidSection((problem) => {
    log.warn(`settings: the ${problem.key} section is invalid; its defaults are used`, problem.message);
    notices.add('warning', problem.message, undefined, problem.noticeId);
  });
}

/** Each feature is given what it uses, and nothing else. */
async function createFeatures(deps: ServiceDeps, infra: Infrastructure) {
  const { dataDir, clock, log } = deps;
  const { settings, hub, notices, journal, notifier, pause, onResume } = infra;
  const timeZone = () => displayTimeZone({ settings: settings.get(), app: deps.appInfo });
  // Coverage watches pause, sources and shifts; it starts once shifts can name my shifts.
  let coverage: Coverage | null = null;
  const actionLog = createActionLog({ clock, log, journal, notices, timeZone, saveFile: deps.saveFile, publish: (slice) => hub.set('journal', slice) });
  // Paging services' on-call feeds the Shift view; shifts is made after pages, so it is told late.
  let shiftsReady: { evaluate(): void } | null = null;
  const pages = await createPages({
    timeZone,
    clock, log, journal, settings, notices, notifier, onResume,
    secretBox: deps.secretBox,
    isPaused: () => pause.isPaused(),
    copyText: deps.copyText,
    publish: (slice) => {
      hub.set('pages', slice);
      coverage?.sourcesChanged(slice.sources);
    },
    notificationsChanged: () => hub.set('settings', settings.get()),
    webhookPort: deps.webhookPort,
    shiftsChanged: () => shiftsReady?.evaluate(),
  });
  // The reminder before my shift ends opens the handoff draft.
  const showHandoff = () => hub.emit('navigate', { view: 'handoff' });
  const shifts = await createShifts(
    {
      dataDir, clock, log, journal, settings, notifier, secretBox: deps.secretBox, timeZone, onResume,
      isPaused: (at) => pause.isPaused(at),
      publish: (slice) => {
        hub.set('shift', slice);
        coverage?.shiftsChanged();
      },
      serviceShifts: () => pages.shifts(),
    },
    { onShiftEnding: showHandoff },
  );
  shiftsReady = shifts;
  coverage = createCoverage({
    dataDir, clock, log, journal, notifier, timeZone,
    myShifts: shifts.myShifts,
    // What the polls found is read back from the journal: wait until the pages are on disk too.
    lookNow: async () => {
      await pages.pollAll();
      await pages.saved();
    },
    sound: () => settings.get().notifications.sound,
  });
  const watching = coverage;
  pause.onChange((paused) => watching.pauseChanged(paused));
  watching.sourcesChanged(hub.get().pages.sources);
  const trends = createTrends({ clock, journal, settings, timeZone });
  // Who takes over is asked of shifts; this shift vs the previous ones of the load view.
  const handoff = createHandoff({
    compare: trends.compare,
    clock, log, journal, settings, timeZone, onCall: shifts.onCall,
    copyText: deps.copyText, saveFile: deps.saveFile, printToPdf: deps.printToPdf,
    dataDir, secretBox: deps.secretBox, onResume,
    publish: (slice) => hub.set('handoff', slice),
    showView: showHandoff,
    adoptPages: adoptingPages(pages),
  });
  const runbooks = await createRunbooks(
    { dataDir, clock, log, journal, settings, secretBox: deps.secretBox, copyText: deps.copyText, publish: (slice) => hub.set('runbooks', slice) },
    deps.runbooks,
  );
  const readiness = createReadiness({
    clock, log, dataDir, journal, notifier, timeZone,
    desktop: deps.desktop ?? desktopFor(process.platform),
    paused: () => ({ paused: pause.isPaused(), until: hub.get().pause.until }),
    checkSources: pages.checkSources,
    webhook: pages.webhook,
    runbookSources: runbooks.sources,
  });
  const investigation = createInvestigation({
    clock, log, journal, notifier, timeZone,
    page: (id) => {
      const page = pages.get(id);
      return page ? { title: page.title, open: page.status !== 'resolved' } : undefined;
    },
    sound: () => settings.get().notifications.sound,
  });
  onResume(investigation.evaluate);
  const updates = deps.updater
    ? createUpdates({
        clock, log, updater: deps.updater, currentVersion: deps.appInfo.version,
        publish: (state) => hub.set('desktop', { ...hub.get().desktop, updates: state }),
      })
    : undefined;
  return { actionLog, pages, shifts, handoff, runbooks, launchAtLogin: launchAtLogin(deps, infra), updates, coverage: watching, readiness, trends, investigation };
}
type Features = Awaited<ReturnType<typeof createFeatures>>;

/** The app's own requests, then every feature's handlers: the contract's whole Handlers (the compiler checks none is missing). */
function appHandlers(deps: ServiceDeps, infra: Infrastructure, features: Features): Handlers {
  const { settings, hub, notices, pause } = infra;
  return {
    getState: () => hub.get(),
    updateSettings: (patch) => {
      const next = settings.update(patch);
      hub.set('settings', next);
      // Identity and time zone decide whose shifts are shown and when.
      features.shifts.evaluate();
      return next;
    },
    pauseNotifications: (request) => pause.pause(request),
    resumeNotifications: () => pause.resume(),
    dismissNotice: ({ id }) => {
      notices.dismiss(id);
      return { ok: true as const };
    },
    openExternal: async ({ url }) => {
      await deps.openExternal(checkExternalUrl(url));
      return { ok: true as const };
    },
    pickPath: async ({ purpose }) => ({ path: await deps.pickPath(purpose) }),
    checkForUpdates: () => {
      if (!features.updates) throw new UserError('Updates are not available here.');
      return features.updates.checkNow();
    },
    setLaunchAtLogin: ({ on }) => {
      if (!features.launchAtLogin) throw new UserError('Starting at login is not available here.');
      return features.launchAtLogin.set(on);
    },
    showWindow: ({ view, id }) => {
      deps.showWindow?.();
      if (view) hub.emit('navigate', { view, id });
      return { ok: true as const };
    },
    ...features.actionLog.handlers,
    ...features.shifts.handlers,
    ...features.pages.handlers,
    ...features.runbooks.handlers,
    ...features.handoff.handlers,
    ...features.readiness.handlers,
    ...features.trends.handlers,
    ...features.investigation.handlers,
    ...setupHandlers({
      notifier: infra.notifier, settings, clock: deps.clock, copyText: deps.copyText,
      published: () => hub.set('settings', settings.get()),
      webhook: { url: () => features.pages.webhookUrl(), token: () => features.pages.webhookToken() },
    }),
    ...escalationHandlers({
      settings: infra.settings,
      journal: infra.journal,
      held: () => features.pages.held(),
      changed: () => {
        features.pages.escalationChanged();
        // The tray's "held until" line follows the new hours.
        infra.hub.set('pages', infra.hub.get().pages);
      },
    }),
    // Support hours are the Load view's business hours: a change there plans the digest again too.
    updateLoadHours: async (next) => {
      const saved = await features.trends.handlers.updateLoadHours(next);
      features.pages.escalationChanged();
      return saved;
    },
  };
}

/** What the edge gets: the dispatch, the tray, resume, quit. */
function assemble(deps: ServiceDeps, infra: Infrastructure, features: Features, handlers: Handlers, localApi: LocalApiStatus): Services {
  const { clock, log } = deps;
  const { settings, hub, notices, journal, pause } = infra;
  const { pages, shifts, handoff, runbooks, actionLog, coverage, investigation } = features;
  const showWindow = () => deps.showWindow?.();
  const openLink = (url: string) => openBatonLink(url, { log, notices, hub, showWindow });
  const activations = wireNotifications(infra, { log, openLink, showWindow, ackFromNotification: pages.ackFromNotification });
  const tray = (): TrayModel => {
    const state = hub.get();
    return trayModel({
      now: clock.now(),
      timeZone: displayTimeZone(state),
      pause: state.pause,
      shift: trayShift(state.shift),
      openPages: pages.unacknowledged(),
      latestPages: pages.latest(5).map((p) => ({ id: p.id, title: p.title, severity: p.severity, status: p.status })),
      held: pages.held(),
    });
  };
  return {
    hub,
    dispatch: createDispatch(handlers, log),
    handlers,
    journal,
    settings,
    pause,
    notices,
    pages,
    handoff,
    runbooks,
    localApi,
    tray,
    onTrayChange: (render) => watchTray(hub, tray, render),
    coverage,
    suspend() {
      log.info('suspend: the machine is going to sleep');
      coverage.suspend();
    },
    resume() {
      log.info('resume: re-evaluating with the current time');
      coverage.resume();
      for (const hook of infra.resumeHooks) {
        try {
          hook();
        } catch (error) {
          log.error('resume hook failed', error);
        }
      }
    },
    trayAction: (action, edge) => trayAction(action, edge, { pages, handoff, pause, hub }),
    openLink,
    activationsSettled: activations.settled,
    async dispose() {
      // no new requests from the terminal, then the features, then the journal they write to
      await localApi.close();
      await pages.dispose();
      await runbooks.dispose();
      shifts.dispose();
      await shifts.settled();
      coverage.dispose();
      await coverage.settled();
      actionLog.dispose();
      investigation.dispose();
      handoff.dispose();
      await handoff.delivery.settled();
      pause.resume();
      await activations.settled();
      infra.notifier.close?.();
      await journal.close();
      // Last: a downloaded update is put in place as Baton quits (the new version starts next time).
      features.updates?.dispose();
      features.updates?.installOnQuit();
    },
  };
}

/** What a tray item may ask of the app's edge: its windows and quitting. */
export interface TrayEdge {
  showWindow(): void;
  /** The tray popover by the icon (absent where the edge has none). */
  showPopover?(): void;
  quit(): void;
}

function trayAction(
  action: TrayAction,
  edge: TrayEdge,
  app: { pages: PagesFeature; handoff: HandoffService; pause: PauseService; hub: Hub },
): void {
  if (typeof action === 'object') return void app.pages.ackFromTray(action.pageId);
  switch (action) {
    case 'open':
      return edge.showWindow();
    case 'quick-view':
      return edge.showPopover ? edge.showPopover() : edge.showWindow();
    case 'add-note':
      edge.showWindow();
      return app.hub.emit('navigate', { view: 'log', id: 'new-note' });
    case 'prepare-handoff':
      edge.showWindow();
      return app.handoff.openHandoffDraft();
    case 'quit':
      return edge.quit();
    case 'pause-15':
      return void app.pause.pause({ minutes: 15 });
    case 'pause-60':
      return void app.pause.pause({ minutes: 60 });
    case 'pause-indefinite':
      return void app.pause.pause({ indefinite: true });
    case 'resume':
      return void app.pause.resume();
  }
}

// — always running: launch at login —
/** On by default once the first shift is configured; switched in Settings. */
function launchAtLogin(deps: ServiceDeps, infra: Infrastructure) {
  if (!deps.loginItem) return undefined;
  const { hub } = infra;
  const launch = createLaunchAtLogin({
    settings: infra.settings,
    loginItem: deps.loginItem,
    log: deps.log,
    notices: infra.notices,
    publish: (state) => hub.set('desktop', { ...hub.get().desktop, launchAtLogin: state }),
  });
  const check = (state: AppState) => {
    if (state.shift?.configured) launch.shiftConfigured();
  };
  hub.onChange((state, changed) => changed === 'shift' && check(state));
  check(hub.get());
  return launch;
}

// — notifications you can act on, and baton:// links —
/** Clicks and buttons of notifications reach the pages and the window; Settings shows which notifier is in use. */
function wireNotifications(infra: Infrastructure, o: Parameters<typeof handleActivation>[1]) {
  const running = new Set<Promise<void>>();
  infra.notifier.onActivation?.((activation) => {
    const done = handleActivation(activation, o)
      .catch((error: unknown) => o.log.error('notifications: an action failed', error))
      .finally(() => running.delete(done));
    running.add(done);
  });
  infra.notifier.onInfo?.((info) => infra.hub.set('desktop', { ...infra.hub.get().desktop, notifier: info }));
  return { settled: async () => void (await Promise.all([...running])) };
}

function openBatonLink(url: string, o: { log: Logger; notices: Notices; hub: Hub; showWindow(): void }): boolean {
  let link: BatonLink;
  try {
    link = parseBatonLink(url);
  } catch (error) {
    o.log.warn('links: refused a link', `${url.slice(0, 200)}: ${errorText(error)}`);
    o.notices.add('warning', `Baton could not open that link: ${errorText(error)}.`, url.slice(0, 200), 'link-refused');
    return false;
  }
  o.showWindow();
  o.hub.emit('navigate', linkTarget(link));
  return true;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
