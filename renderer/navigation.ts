import { PAGE_FOCUS_PREFIX, RUNBOOK_FOCUS_PREFIX, SOURCE_FOCUS_PREFIX, UNACKNOWLEDGED_FOCUS } from '../shared/focus';

/** The app's views, in sidebar order; Ctrl/⌘ + the digit jumps to one. */
export const VIEWS = [
  { id: 'shift', label: 'Shift', digit: '1' },
  { id: 'pages', label: 'Pages', digit: '2' },
  { id: 'runbooks', label: 'Runbooks', digit: '3' },
  { id: 'log', label: 'Log', digit: '4' },
  { id: 'handoff', label: 'Handoff', digit: '5' },
  { id: 'settings', label: 'Settings', digit: '6' },
  { id: 'load', label: 'Load', digit: '7' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** Where the window is, and what the view is asked to show. `{ view }` alone is a valid route for every view. */
export type Route =
  | { readonly view: 'shift' | 'handoff' | 'settings' | 'load' }
  /** A page selected in the list; or the list filtered to one source's unacknowledged pages (a grouped notification), or to all unacknowledged ones. */
  | { readonly view: 'pages'; readonly pageId?: string; readonly source?: string; readonly unacknowledged?: boolean }
  | { readonly view: 'runbooks'; readonly open?: RunbookTarget }
  /** The note editor takes the keyboard focus. */
  | { readonly view: 'log'; readonly newNote?: boolean };

/** A runbook by id, or the runbook matched for a page (its best match opened, the alternatives listed). */
export type RunbookTarget = { readonly runbookId: string } | { readonly forPageId: string };

export function isViewId(value: string): value is ViewId {
  return VIEWS.some((v) => v.id === value);
}

/**
 * Main (a tray item, a reminder) asks for a view by name with an optional id: `page:<id>` or
 * `runbook:<id>` for Runbooks, a page id for Pages, `new-note` for the Log. This is the only place
 * that reads that form; everything else in the renderer uses a Route. Unknown views are ignored.
 */
export function routeFromMain(view: string, id?: string): Route | null {
  if (!isViewId(view)) return null;
  switch (view) {
    case 'pages':
      if (!id) return { view };
      if (id.startsWith(SOURCE_FOCUS_PREFIX)) return { view, source: id.slice(SOURCE_FOCUS_PREFIX.length), unacknowledged: true };
      if (id === UNACKNOWLEDGED_FOCUS) return { view, unacknowledged: true };
      return { view, pageId: id.startsWith(PAGE_FOCUS_PREFIX) ? id.slice(PAGE_FOCUS_PREFIX.length) : id };
    case 'runbooks':
      if (id?.startsWith(PAGE_FOCUS_PREFIX)) return { view, open: { forPageId: id.slice(PAGE_FOCUS_PREFIX.length) } };
      if (id?.startsWith(RUNBOOK_FOCUS_PREFIX)) return { view, open: { runbookId: id.slice(RUNBOOK_FOCUS_PREFIX.length) } };
      return { view };
    case 'log':
      return id === 'new-note' ? { view, newNote: true } : { view };
    default:
      return { view };
  }
}
