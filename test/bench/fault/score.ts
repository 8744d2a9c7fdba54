// Ground truth (the alerts a scenario fired and resolved) against what Baton did (notifications it
// asked for, pages it shows, page records in its journal), scored into the four fault figures.
import type { NotificationRequest } from '../../../electron/notifier';

/** Every alert a scenario sends carries this label, so its pages and records can be told apart. */
export const KEY_LABEL = 'fault_key';

export interface Notified {
  at: number;
  request: NotificationRequest;
}

/** A page as Baton shows it (hub state), reduced to what scoring needs. */
export interface ShownPage {
  id: string;
  status: string;
  labels: Record<string, string>;
}

/** A page record from Baton's journal, reduced to what scoring needs. */
export interface PageRecord {
  ts: number;
  type: string;
  pageId: string;
  labels?: Record<string, string>;
  via?: string;
}

export interface Observed {
  notified: Notified[];
  /** Open and recently resolved pages at the end of the scenario. */
  shown: ShownPage[];
  records: PageRecord[];
}

/** What a scenario fired and resolved, with the times it told Baton (Date.now()). */
export class Truth {
  private readonly events = new Map<string, { at: number; firing: boolean }[]>();
  /** Alerts Baton refused with a 4xx naming a limit (hostile sizes): the sender was told, not expected as pages. */
  readonly refused = new Set<string>();

  fire(key: string, at = Date.now()): void {
    const list = this.events.get(key) ?? [];
    if (list.at(-1)?.firing) return; // still firing: re-sending it is not a new episode
    list.push({ at, firing: true });
    this.events.set(key, list);
  }

  resolve(key: string, at = Date.now()): void {
    const list = this.events.get(key);
    if (!list?.at(-1)?.firing) return;
    list.push({ at, firing: false });
  }

  /** Page ids the scenario knows in advance (the fingerprints it sent), for notifications about pages Baton kept nowhere. */
  readonly pageIds = new Map<string, string>();

  refuse(key: string): void {
    this.refused.add(key);
  }

  keys(): string[] {
    return [...this.events.keys()].filter((k) => !this.refused.has(k));
  }

  /** How many times the alert started firing. */
  episodes(key: string): number {
    return (this.events.get(key) ?? []).filter((e) => e.firing).length;
  }

  /** Firing at this moment, as far as anything Baton was told by then goes. */
  firingAt(key: string, at: number): boolean {
    let firing = false;
    for (const e of this.events.get(key) ?? []) if (e.at <= at) firing = e.firing;
    return firing;
  }

  firingAtEnd(key: string): boolean {
    return this.events.get(key)?.at(-1)?.firing ?? false;
  }
}

export interface Score {
  missed: number;
  duplicated: number;
  falseResolves: number;
  extra: number;
  detail: string;
}

/** Repeats of an unacknowledged page are asked for on purpose; they are never "extra". */
function isRepeat(request: NotificationRequest): boolean {
  return /\(repeat \d+/.test(request.title) || /still unacknowledged/.test(request.title);
}

/** A notification about several pages: how many it stands for (a leading count, else its bullet lines). */
function groupSize(request: NotificationRequest): number {
  const lead = /^(\d[\d,]*)\s/.exec(request.title);
  if (lead) return Number(lead[1].replace(/,/g, ''));
  return Math.max(1, request.body.split('\n').filter((l) => l.startsWith('•')).length);
}

/**
 * Per alert a (matched by its KEY_LABEL): e = episodes it fired, n = first notifications naming one of
 * its pages (key = page id), p = pages Baton made for it (page.received records, or shown pages).
 * Grouped notifications (key not a page id) stand for N pages each and cover alerts that had none;
 * grouped reminders cover too, but are never extra.
 * - missed: alerts still firing with no open page shown, or that fired and Baton never showed at all;
 *   plus firing episodes no notification (single, repeat or grouped) covered.
 * - duplicated: pages beyond one per episode, and notifications beyond one per Baton's own triggers.
 * - false resolves: a page resolved (not by the user) while its alert was firing, per record; a page
 *   shown resolved at the end while the alert still fires counts when no record says so.
 * - extra: notifications beyond one per firing episode (group slots beyond the alerts they covered).
 */
export function score(truth: Truth, observed: Observed): Score {
  const keyOfPage = new Map<string, string>(truth.pageIds);
  for (const r of observed.records) {
    const key = r.labels?.[KEY_LABEL];
    if (key) keyOfPage.set(r.pageId, key);
  }
  for (const p of observed.shown) {
    const key = p.labels[KEY_LABEL];
    if (key) keyOfPage.set(p.id, key);
  }

  const single = new Map<string, number>();
  const repeats = new Map<string, number>();
  let groupSlots = 0;
  /** Grouped reminders ("N pages still unacknowledged"): they cover pages never announced, never count as extra. */
  let repeatSlots = 0;
  for (const { request } of observed.notified) {
    const key = keyOfPage.get(request.key);
    if (key === undefined) {
      // Not one page's id: a grouped notification (or one about a page Baton kept no trace of).
      if (isRepeat(request)) repeatSlots += groupSize(request);
      else groupSlots += groupSize(request);
      continue;
    }
    const into = isRepeat(request) ? repeats : single;
    into.set(key, (into.get(key) ?? 0) + 1);
  }

  let missed = 0;
  let duplicated = 0;
  let falseResolves = 0;
  let extra = 0;
  let deficitShown = 0;
  let deficitUnshown = 0;
  const notes: string[] = [];
  for (const key of truth.keys()) {
    const e = truth.episodes(key);
    const mine = observed.records.filter((r) => keyOfPage.get(r.pageId) === key);
    const shown = observed.shown.filter((p) => keyOfPage.get(p.id) === key);
    const received = mine.filter((r) => r.type === 'page.received').length;
    const reopened = mine.filter((r) => r.type === 'page.reopened').length;
    const pages = Math.max(received, new Set(shown.map((p) => p.id)).size);
    const n = single.get(key) ?? 0;
    const rp = repeats.get(key) ?? 0;

    const openShown = shown.some((p) => p.status !== 'resolved');
    const unshown = truth.firingAtEnd(key) ? !openShown : pages === 0 && n === 0;
    if (unshown) missed++;

    duplicated += Math.max(0, pages - e) + Math.max(0, n - Math.max(1, received + reopened));

    let wrong = 0;
    for (const r of mine) if (r.type === 'page.resolved' && r.via !== 'app' && truth.firingAt(key, r.ts - 1)) wrong++;
    if (wrong === 0 && truth.firingAtEnd(key) && shown.length > 0 && !openShown) wrong = 1;
    falseResolves += wrong;

    extra += Math.max(0, n - e);
    const deficit = Math.max(0, e - n - rp);
    if (unshown) deficitUnshown += deficit;
    else deficitShown += deficit;
  }
  // Grouped notifications cover shown alerts first (they were announced), then the rest.
  const notNotified = Math.max(0, deficitShown - groupSlots - repeatSlots);
  missed += notNotified;
  extra += Math.max(0, groupSlots - deficitShown - deficitUnshown);

  const expected = truth.keys().length;
  notes.push(`${expected} alerts`);
  if (truth.refused.size > 0) notes.push(`${truth.refused.size} refused with a 4xx (not expected as pages)`);
  notes.push(`${observed.notified.length} notification request(s)`);
  if (notNotified > 0) notes.push(`${notNotified} shown but never notified`);
  return { missed, duplicated, falseResolves, extra, detail: notes.join(', ') };
}
