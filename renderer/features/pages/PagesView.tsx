import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api';
import { WebhookAddress } from '../../ui/WebhookAddress';
import { useStore } from '../../store';
import { SEVERITIES, type Page, type PagesSlice } from '../../../shared/pages';
import type { Severity } from '../../../shared/events';
import { useNow } from '../../ui/useNow';
import { useMediaQuery } from '../../ui/useMediaQuery';
import { useShortcuts } from '../../ui/shortcuts';
import { focusWhenShown } from '../../ui/focusWhenShown';
import { StatusLine } from '../../ui/StatusLine';
import { pageActions } from './pageActions';
import { Kbd } from '../../ui/Kbd';
import { PageDetail } from './PageDetail';
import { GroupDetail } from './GroupDetail';
import { PageList } from './PageList';
import { SourceHealthList } from './PageSources';
import { groupPages, groupRowKey, mostUrgentUnacknowledged, nextUnacknowledged, pageRowKey, rowForPage, rowsOf, type Row } from './grouping';

const NO_PAGES: readonly Page[] = [];

type Show = 'open' | 'unacknowledged' | 'resolved' | 'all';

/** Below this width the list and the selected page's details are two screens, with Back between them. */
export const PAGES_SPLIT_QUERY = '(min-width: 820px)';

/** Where the keyboard focus goes after the next render: a row of the list, or the details' title. */
type FocusTarget = { key: string; where: 'row' | 'detail' } | { key: null; where: 'search' };

/**
 * Open and recently resolved pages as one-line rows grouped by alert and source, the selected row's
 * details beside them (or as their own screen in a small window), and keyboard triage: the most
 * urgent unacknowledged page is selected on arrival, `a` acknowledges it (or its whole group) and
 * moves to the next unacknowledged page.
 */
export function PagesView() {
  const slice = useStore((s) => s.state?.pages);
  const route = useStore((s) => s.route);
  const focus = route.view === 'pages' ? route.pageId : undefined;
  const navigate = useStore((s) => s.navigate);
  const split = useMediaQuery(PAGES_SPLIT_QUERY);
  const [selected, setSelected] = useState<string | null>(null);
  const [screen, setScreen] = useState<'list' | 'detail'>('list');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [show, setShow] = useState<Show>('open');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [source, setSource] = useState('');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<{ kind: 'done' | 'error'; message: string } | null>(null);
  const [focusTarget, setFocusTarget] = useState<FocusTarget | null>(null);
  /** Pages whose acknowledgement is on its way: "next unacknowledged" skips them. */
  const pending = useRef(new Set<string>());
  const searchRef = useRef<HTMLInputElement>(null);
  // Ages ("5 min ago") stay current without a reload.
  const now = useNow(30_000);

  // A grouped notification opens the list filtered to its group (one source's unacknowledged pages).
  useEffect(() => {
    if (route.view !== 'pages' || (route.source === undefined && !route.unacknowledged)) return;
    setShow('unacknowledged');
    setSeverity('');
    setQuery('');
    setSource(route.source ?? '');
  }, [route]);

  const open = slice?.open ?? NO_PAGES;
  const recent = slice?.recent ?? NO_PAGES;
  const sources = useMemo(() => [...new Set([...open, ...recent].map((p) => p.sourceName))].sort(), [open, recent]);
  const list = useMemo(() => {
    const base =
      show === 'open' ? open : show === 'unacknowledged' ? open.filter((p) => p.status === 'triggered') : show === 'resolved' ? recent : [...open, ...recent];
    const q = query.trim().toLowerCase();
    return base.filter(
      (p) =>
        (!severity || p.severity === severity) &&
        (!source || p.sourceName === source) &&
        (!q || p.title.toLowerCase().includes(q) || Object.entries(p.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q))),
    );
  }, [open, recent, show, severity, source, query]);
  const groups = useMemo(() => groupPages(list), [list]);
  const rows = useMemo(() => rowsOf(groups, collapsed), [groups, collapsed]);
  const selectedRow = rows.find((r) => r.key === selected) ?? null;

  // A page asked for by main (a tray item, a notification) is selected and shown.
  useEffect(() => {
    if (!focus) return;
    // Opened on one page (a notification, a link, the Log): no filter hides it in the list.
    setShow('all');
    setSeverity('');
    setSource('');
    setQuery('');
    setSelected(pageRowKey(focus));
    setCollapsed((c) => new Set([...c].filter((key) => !groups.find((g) => g.key === key)?.pages.some((p) => p.id === focus))));
    setScreen('detail');
    // Only when the asked-for page changes, not whenever the list does.
  }, [focus]);

  // On arrival, and whenever the selected row is gone (resolved, filtered out): the most urgent unacknowledged page.
  useEffect(() => {
    if (selectedRow) return;
    const urgent = mostUrgentUnacknowledged(list.filter((p) => !pending.current.has(p.id)));
    const row = urgent ? rowForPage(rows, urgent.id) : undefined;
    setSelected(row?.key ?? null);
    if (!row && !split) setScreen('list');
  }, [selectedRow, list, rows, split]);

  // The selection stays in view: scrolled to when it changes, focused when an action asked for it.
  useEffect(() => {
    if (!selected) return;
    document.querySelector(`[data-row-key="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, rows]);
  useEffect(() => {
    if (!focusTarget) return;
    setFocusTarget(null);
    if (focusTarget.where === 'search') return void searchRef.current?.focus();
    const element =
      focusTarget.where === 'row'
        ? document.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(focusTarget.key)}"]`)
        : document.getElementById('page-detail-title');
    element?.focus();
  }, [focusTarget]);

  const select = useCallback((row: Row | undefined, where: 'row' | 'detail' | null = 'row') => {
    if (!row) return;
    setSelected(row.key);
    if (where) setFocusTarget({ key: row.key, where });
  }, []);

  const move = (by: 1 | -1) => {
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.key === selected);
    const next = rows[index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + by))];
    select(next, !split && screen === 'detail' ? 'detail' : 'row');
  };
  const openRow = (row: Row | null) => {
    if (!row) return;
    setSelected(row.key);
    setScreen('detail');
    setFocusTarget({ key: row.key, where: 'detail' });
  };
  const back = () => {
    setScreen('list');
    if (selected) setFocusTarget({ key: selected, where: 'row' });
  };
  const toggle = (groupKey: string, collapse = !collapsed.has(groupKey)) => {
    const next = new Set(collapsed);
    if (collapse) next.add(groupKey);
    else next.delete(groupKey);
    setCollapsed(next);
    // A page of a group being folded away hands the selection to the group's row.
    if (collapse && selectedRow?.kind === 'page' && selectedRow.group?.key === groupKey) setSelected(groupRowKey(groupKey));
  };

  /** Runs an action, says how it went in the view's status line (an error as an alert). */
  const run = async (call: () => Promise<string>) => {
    try {
      setStatus({ kind: 'done', message: await call() });
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  /** Acknowledges a row (a page, or a group's unacknowledged pages) and moves on to the next unacknowledged page. */
  const acknowledge = (row: Row | null, minutes = slice?.config.ackMinutes ?? 60, comment?: string) => {
    if (!row) return;
    const pages = row.kind === 'page' ? [row.page] : row.group.pages;
    const waiting = pages.filter((p) => p.status === 'triggered' && !pending.current.has(p.id));
    // A source without acknowledge (incident.io's API): say where to do it instead of failing.
    const ids = waiting.filter((p) => pageActions(p).can('ack')).map((p) => p.id);
    if (ids.length === 0 && waiting.length > 0) return void setStatus({ kind: 'error', message: pageActions(waiting[0]).missing ?? 'This page cannot be acknowledged from Baton.' });
    if (ids.length === 0) return void setStatus({ kind: 'done', message: row.kind === 'page' ? 'This page is not waiting for an acknowledgement.' : 'Every page of this group is acknowledged.' });
    ids.forEach((id) => pending.current.add(id));
    const next = nextUnacknowledged(rows, pending.current);
    if (next) select(next, 'row');
    else setFocusTarget({ key: row.key, where: 'row' });
    if (!split) setScreen('list');
    const trimmed = comment?.trim() || undefined;
    void run(async () => {
      try {
        if (ids.length === 1) return `${pages.find((p) => p.id === ids[0])?.title}: ${(await api.ackPage({ pageId: ids[0], minutes, comment: trimmed })).message}`;
        const result = await api.ackPages({ pageIds: ids, minutes, comment: trimmed });
        const message = row.kind === 'group' ? `${row.group.name}: ${result.message}` : result.message;
        if (result.failed.length > 0) throw new Error(message);
        return message;
      } finally {
        ids.forEach((id) => pending.current.delete(id));
      }
    });
  };
  const markHandled = (row: Row) => {
    const ids = row.kind === 'page' ? [row.page.id] : row.group.pages.filter((p) => p.status !== 'resolved').map((p) => p.id);
    const next = nextUnacknowledged(rows, new Set(ids));
    void run(async () => {
      const service = row.kind === 'page' ? pageActions(row.page).service : null;
      let message = service ? `Resolved in ${service}.` : 'Marked handled.';
      if (ids.length === 1) await api.resolvePage({ pageId: ids[0] });
      else {
        const result = await api.resolvePages({ pageIds: ids });
        if (result.failed.length > 0) throw new Error(result.message);
        message = result.message;
      }
      select(next, 'row');
      if (!split) setScreen('list');
      return message;
    });
  };
  const unacknowledge = (page: Page) =>
    run(async () => {
      await api.unackPage({ pageId: page.id });
      // Its button is replaced by the Acknowledge form: the focus goes to the page's title, not to <body>.
      setFocusTarget({ key: pageRowKey(page.id), where: 'detail' });
      return 'Acknowledgement withdrawn; the page will notify again.';
    });
  const openRunbook = (row: Row | null) => {
    const page = row ? (row.kind === 'page' ? row.page : row.group.pages[0]) : null;
    if (!page) return;
    navigate({ view: 'runbooks', open: { forPageId: page.id } });
    // The runbook's title takes the focus as soon as it is shown.
    focusWhenShown('#runbook-title');
  };

  const inList = (event: KeyboardEvent) => event.target instanceof Element && (event.target.closest('.page-list') !== null || event.target === document.body || event.target.id === 'main');
  useShortcuts('Pages', [
    { keys: ['j', 'ArrowDown'], label: 'Next page', when: (e) => e.key === 'j' || inList(e), run: () => move(1) },
    { keys: ['k', 'ArrowUp'], label: 'Previous page', when: (e) => e.key === 'k' || inList(e), run: () => move(-1) },
    {
      keys: ['ArrowLeft'],
      label: 'Collapse the group',
      when: inList,
      run: () => {
        const group = selectedRow?.kind === 'group' ? selectedRow.group : selectedRow?.group;
        if (!group) return;
        toggle(group.key, true);
        setFocusTarget({ key: groupRowKey(group.key), where: 'row' });
      },
    },
    { keys: ['ArrowRight'], label: 'Expand the group', when: inList, run: () => selectedRow?.kind === 'group' && toggle(selectedRow.group.key, false) },
    { keys: ['Enter'], label: 'Open the selected page', when: inList, run: () => openRow(selectedRow) },
    { keys: ['a'], label: 'Acknowledge the selected page (or group), then go to the next', run: () => acknowledge(selectedRow) },
    { keys: ['r'], label: 'Open the runbook of the selected page', run: () => openRunbook(selectedRow) },
    {
      keys: ['/'],
      label: 'Search pages',
      run: () => {
        // The search is on the list's screen.
        setScreen('list');
        setFocusTarget({ key: null, where: 'search' });
      },
    },
    {
      keys: ['Escape'],
      label: 'Back to the list',
      whileTyping: true,
      when: (e) => !isTextField(e.target) || e.target === searchRef.current,
      run: () => back(),
    },
  ]);

  if (!slice) return null;
  const unacked = open.filter((p) => p.status === 'triggered').length;
  const showDetail = split || screen === 'detail';
  const showList = split || screen === 'list';
  const empty = open.length === 0 && recent.length === 0;

  return (
    <section className={`view pages-view ${split ? 'split' : 'stacked'}`} aria-labelledby="view-title">
      <header className="pages-header" hidden={!showList}>
        <h1 id="view-title">Pages</h1>
        <p className="muted small" role="status">
          {open.length === 0 ? 'No open pages.' : `${open.length} open page${open.length === 1 ? '' : 's'}, ${unacked} unacknowledged.`}
        </p>
      </header>
      <SourceProblems slice={slice} />
      {status ? <StatusLine status={status} alertOnError className="pages-status small" /> : null}
      {empty ? (
        <div className="empty">
          <p>No pages yet.</p>
          <p className="muted">
            Pages from the webhook receiver (its address is below) and from the Alertmanagers you add will show here, most urgent
            first. A ready-to-paste example with your token is in Settings → Alert sources.
          </p>
          <WebhookAddress />
          <button type="button" onClick={() => navigate({ view: 'settings' })}>
            Open Settings → Alert sources
          </button>
        </div>
      ) : null}
      <div hidden={empty} className="pages-tools">
      <div className="pages-filters" role="search" aria-label="Filter pages" hidden={!showList}>
        <label className="grow">
          <span>
            Search <Kbd keys="/" />
          </span>
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="title or label, e.g. team=payments"
            aria-keyshortcuts="/"
          />
        </label>
        <label>
          <span>Show</span>
          <select value={show} onChange={(e) => setShow(e.target.value as Show)}>
            <option value="open">Open</option>
            <option value="unacknowledged">Unacknowledged</option>
            <option value="resolved">Recently resolved</option>
            <option value="all">All</option>
          </select>
        </label>
        <label>
          <span>Severity</span>
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')}>
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Source</span>
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">Any</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="pages-keys muted small" aria-hidden="true" hidden={!showList}>
        <Kbd keys="j" /> <Kbd keys="k" /> move · <Kbd keys="Enter" /> open · <Kbd keys="a" /> acknowledge · <Kbd keys="r" /> runbook · <Kbd keys="?" /> all
        shortcuts
      </p>
      </div>
      <div className="pages-body" hidden={empty}>
        <div className="pages-list-pane" hidden={!showList}>
          <PageList
            rows={rows}
            selected={selectedRow?.key ?? null}
            onSelect={(row) => (split ? select(row, null) : openRow(row))}
            onToggle={(key) => toggle(key)}
            now={now}
          />
        </div>
        {showDetail ? (
          <div className="pages-detail-pane">
            {!split ? (
              <button type="button" className="back" onClick={back} aria-keyshortcuts="Escape">
                <span aria-hidden="true">←</span> Pages <Kbd keys="Escape" />
              </button>
            ) : null}
            {selectedRow?.kind === 'page' ? (
              <PageDetail
                key={selectedRow.page.id}
                page={selectedRow.page}
                now={now}
                ackMinutes={slice.config.ackMinutes}
                onAck={(minutes, comment) => acknowledge(selectedRow, minutes, comment)}
                onUnack={() => void unacknowledge(selectedRow.page)}
                onHandled={() => markHandled(selectedRow)}
                onRunbook={() => openRunbook(selectedRow)}
              />
            ) : selectedRow?.kind === 'group' ? (
              <GroupDetail
                key={selectedRow.key}
                group={selectedRow.group}
                ackMinutes={slice.config.ackMinutes}
                onAck={(minutes, comment) => acknowledge(selectedRow, minutes, comment)}
                onHandled={() => markHandled(selectedRow)}
                onRunbook={() => openRunbook(selectedRow)}
              />
            ) : (
              <div className="page-detail empty">
                <p className="muted">Select a page to see its details, links, actions and history.</p>
              </div>
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Failing sources not already reported by a notice from main: one line each, the details in Settings. */
function SourceProblems({ slice }: { slice: PagesSlice }) {
  const notices = useStore((s) => s.state?.notices);
  const navigate = useStore((s) => s.navigate);
  const noticed = new Set((notices ?? []).map((n) => n.id));
  const failing = slice.sources.filter((s) => s.lastError && s.kind === 'alertmanager' && !noticed.has(`page-source:${s.id}`));
  if (failing.length === 0 && !slice.webhook.error) return null;
  return (
    <div className="banner banner-warning source-problems" role="status">
      <div>
        <p>Pages from these sources may be missing:</p>
        <SourceHealthList sources={failing} />
        {slice.webhook.error ? <p className="small">{slice.webhook.error}</p> : null}
      </div>
      <button type="button" onClick={() => navigate({ view: 'settings' })}>
        Settings
      </button>
    </div>
  );
}
