import fs from 'node:fs';
import path from 'node:path';
import { comparePages, type Page } from '../../shared/pages';
import { foldPage, type PageMap } from '../../shared/page-fold';
import { buildOverview } from '../../shared/schedule/slice';
import { SettingsSchema, type Settings } from '../../shared/settings';
import { buildHandoff, renderJson, renderMarkdown, type HandoffReport } from '../../shared/handoff';
import type { JournalRecord } from '../../shared/records';
import { readJournal } from '../journal';
import { systemClock, type Clock } from '../clock';
import { memoryLogger } from '../log';
import { createCalendars } from '../shifts/calendars';
import { createFeedCache } from '../shifts/cache';
import { SchedulesConfigSchema } from '../shifts/config';
import { loadKeptCopies } from '../shifts/refresh';
import { handoffSection } from '../handoff/state';
import { windowFor } from '../handoff/window';
import type { OnCall } from '../shifts';
import type { Snapshot } from './snapshot';

/**
 * The command's heavier half, loaded only by the commands that need it (dist/cli/baton-read.cjs):
 * reading the data folder while Baton is stopped, and rendering a handoff. Read-only throughout:
 * the journal is read without repairs, settings and kept schedules are parsed from their files,
 * nothing is written, and the same folds the app uses (pages, schedules, the handoff) make the answer.
 */

const RESOLVED_SHOWN = 20;

interface DataFolder {
  settings: Settings;
  /** The settings file as stored, for the sections features keep (schedules, handoff). */
  raw: Record<string, unknown>;
  records: readonly JournalRecord[];
  skipped: number;
  timeZone: string;
}

async function readDataFolder(dataDir: string): Promise<DataFolder> {
  const raw = readSettingsFile(path.join(dataDir, 'settings.json'));
  const parsed = SettingsSchema.safeParse(raw);
  const settings = parsed.success ? parsed.data : SettingsSchema.parse({});
  const { records, skipped } = await readJournal(path.join(dataDir, 'journal'));
  return { settings, raw, records, skipped, timeZone: settings.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone };
}

function readSettingsFile(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Who is on call, from the schedules as last kept (feeds are not fetched: the app does that). */
async function onCallFrom(dataDir: string, folder: DataFolder, now: number) {
  const schedules = SchedulesConfigSchema.safeParse(folder.raw.schedules ?? {});
  const config = schedules.success ? schedules.data : SchedulesConfigSchema.parse({});
  const clock: Clock = { ...systemClock, now: () => now };
  const log = memoryLogger();
  const calendars = createCalendars(clock, log, () => folder.timeZone);
  await loadKeptCopies({
    clock,
    log,
    calendars,
    cache: createFeedCache(path.join(dataDir, 'schedules')),
    config: { get: () => config, save: () => undefined },
    secretBox: { kind: 'none', encrypt: () => '', decrypt: () => '' },
    fetch: () => Promise.reject(new Error('the command never fetches')),
    maxBytes: 20 * 1024 * 1024,
    onChange: () => undefined,
  });
  const identity = { ...folder.settings.identity, aliases: config.aliases };
  return buildOverview(config.sources.flatMap(calendars.shiftsOf), identity, now, folder.timeZone, config.sources.length > 0).slice;
}

function pagesOf(records: readonly JournalRecord[]): { open: Page[]; recent: Page[] } {
  const pages: PageMap = new Map();
  for (const record of records) foldPage(pages, record);
  const all = [...pages.values()];
  const open = all.filter((p) => p.status !== 'resolved').sort(comparePages);
  const recent = all
    .filter((p) => p.status === 'resolved')
    .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''))
    .slice(0, RESOLVED_SHOWN);
  return { open, recent };
}

/** What `baton status`, `who` and `pages` show while Baton is stopped. */
export async function offlineSnapshot(dataDir: string, now: number): Promise<Snapshot> {
  const folder = await readDataFolder(dataDir);
  const shift = await onCallFrom(dataDir, folder, now);
  return {
    running: false,
    timeZone: folder.timeZone,
    me: { name: folder.settings.identity.name, onCall: shift.me.onCall, current: shift.me.current, next: shift.me.next },
    schedules: shift.schedules.map(({ id, name, now: current, next }) => ({ id, name, now: current, next })),
    pause: null,
    ...pagesOf(folder.records),
    skippedLines: folder.skipped,
  };
}

/** The handoff draft for my current or last shift, built as the app builds it (shared/handoff). */
export async function offlineHandoff(dataDir: string, now: number): Promise<HandoffReport> {
  const folder = await readDataFolder(dataDir);
  const shift = await onCallFrom(dataDir, folder, now);
  const onCall: OnCall = { me: shift.identity.people, schedules: shift.schedules };
  const myName = folder.settings.identity.name;
  const w = windowFor({ kind: 'shift' }, { now, timeZone: folder.timeZone, myName, records: folder.records, onCall });
  const handoffSettings = handoffSection.schema.safeParse(folder.raw.handoff ?? {});
  return buildHandoff({
    records: folder.records,
    window: { start: w.start, end: w.end, timeZone: folder.timeZone },
    now,
    scheduleId: w.scheduleId,
    scheduleName: w.scheduleName,
    outgoing: w.outgoing,
    incoming: w.incoming,
    settings: handoffSettings.success ? handoffSettings.data : handoffSection.schema.parse({}),
  });
}

export function renderReport(report: HandoffReport, format: 'md' | 'json'): string {
  return format === 'json' ? renderJson(report) : renderMarkdown(report);
}

/**
 * The steps of a runbook: its GFM task items (`- [ ] …`) in order, each as the Runbooks view names
 * it (the item's text without markup, whitespace collapsed), so a step ticked here is ticked there.
 */
export function stepsOf(markdown: string): string[] {
  const steps: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMark = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fenceMark) fence = fence === fenceMark ? null : (fence ?? fenceMark);
    if (fence) continue;
    const item = /^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s+(.*)$/.exec(line);
    if (item) steps.push(plainText(item[1]));
  }
  return steps;
}

function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 4096);
}
