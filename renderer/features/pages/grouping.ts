import { comparePages, type Page } from '../../../shared/pages';

/** Pages of one alert from one source: a storm of `KubePodCrashLooping` is one group with a count. */
export interface PageGroup {
  key: string;
  /** The alert's name (`alertname`), or the page's title when it has none. */
  name: string;
  source: string;
  /** Most urgent first. */
  pages: Page[];
  unacknowledged: number;
}

/** A line of the list: a group's header (only for groups of two or more) or a page. */
export type Row =
  | { kind: 'group'; key: string; group: PageGroup; collapsed: boolean }
  | { kind: 'page'; key: string; page: Page; group: PageGroup | null };

export const pageRowKey = (pageId: string) => `page:${pageId}`;
export const groupRowKey = (groupKey: string) => `group:${groupKey}`;

export function alertName(page: Page): string {
  return page.labels.alertname || page.title;
}

/** Groups by alert name and source; groups are ordered by their most urgent page, as pages are. */
export function groupPages(pages: readonly Page[]): PageGroup[] {
  const byKey = new Map<string, PageGroup>();
  for (const page of [...pages].sort(comparePages)) {
    const name = alertName(page);
    const key = `${page.sourceName}\u0000${name}`;
    let group = byKey.get(key);
    if (!group) {
      group = { key, name, source: page.sourceName, pages: [], unacknowledged: 0 };
      byKey.set(key, group);
    }
    group.pages.push(page);
    if (page.status === 'triggered') group.unacknowledged++;
  }
  // Map order is the order of each group's first (most urgent) page.
  return [...byKey.values()];
}

/** The list's lines: a group of one is its page alone; a collapsed group is its header alone. */
export function rowsOf(groups: readonly PageGroup[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  for (const group of groups) {
    if (group.pages.length === 1) {
      rows.push({ kind: 'page', key: pageRowKey(group.pages[0].id), page: group.pages[0], group: null });
      continue;
    }
    const isCollapsed = collapsed.has(group.key);
    rows.push({ kind: 'group', key: groupRowKey(group.key), group, collapsed: isCollapsed });
    if (!isCollapsed) for (const page of group.pages) rows.push({ kind: 'page', key: pageRowKey(page.id), page, group });
  }
  return rows;
}

/** The row that stands for a page: its own, or its group's header while the group is collapsed. */
export function rowForPage(rows: readonly Row[], pageId: string): Row | undefined {
  return rows.find((r) => (r.kind === 'page' ? r.page.id === pageId : r.collapsed && r.group.pages.some((p) => p.id === pageId)));
}

/** The most urgent unacknowledged page, for the selection on arrival. */
export function mostUrgentUnacknowledged(pages: readonly Page[]): Page | undefined {
  return [...pages].sort(comparePages).find((p) => p.status === 'triggered');
}

/**
 * After an action, the row of the most urgent unacknowledged page that is left (the same order as the
 * selection on arrival), not one of `except` (the pages just acknowledged, which the window's copy may not
 * show as acknowledged yet). Where the acted-on row sits in the list does not matter: pages arrive in
 * throttled batches, so a more urgent page may have landed above the selection since it was made.
 */
export function nextUnacknowledged(rows: readonly Row[], except: ReadonlySet<string>): Row | undefined {
  const pages = rows.flatMap((r) => (r.kind === 'page' ? [r.page] : r.collapsed ? r.group.pages : []));
  const urgent = mostUrgentUnacknowledged(pages.filter((p) => !except.has(p.id)));
  return urgent ? rowForPage(rows, urgent.id) : undefined;
}

/**
 * A page's line inside its group: first what tells it from the others (the values of the labels
 * that differ across the group, e.g. the pod), then its title without the group's name.
 */
export function titleInGroup(page: Page, group: PageGroup | null): string {
  if (!group) return page.title;
  const prefix = `${group.name}: `;
  const title = page.title.startsWith(prefix) ? page.title.slice(prefix.length) : page.title;
  const varying = varyingLabels(group);
  const which = varying.map((name) => page.labels[name]).filter(Boolean);
  return which.length > 0 ? `${which.join(' · ')} — ${title}` : title;
}

const varyingCache = new WeakMap<PageGroup, string[]>();
/** The labels whose values differ across a group's pages (at most three, in the first page's order). */
function varyingLabels(group: PageGroup): string[] {
  const cached = varyingCache.get(group);
  if (cached) return cached;
  const names = new Set(group.pages.flatMap((p) => Object.keys(p.labels)));
  const varying = [...names].filter((name) => new Set(group.pages.map((p) => p.labels[name])).size > 1).slice(0, 3);
  varyingCache.set(group, varying);
  return varying;
}
