import { useEffect, useMemo, useState } from 'react';
import { WebhookAddress } from '../../ui/WebhookAddress';
import { useStore } from '../../store';
import { SEVERITIES, type Page, type PagesSlice } from '../../../shared/pages';
import type { Severity } from '../../../shared/events';
import { useNow } from '../../ui/useNow';
import { PageDetail } from './PageDetail';
import { PageList } from './PageList';
import { SourceHealthList } from './PageSources';

const NO_PAGES: readonly Page[] = [];

type Show = 'open' | 'unacknowledged' | 'resolved' | 'all';

/** Open and recently resolved pages, filtered; the selected one in detail beside the list. */
export function PagesView() {
  const slice = useStore((s) => s.state?.pages);
  const focus = useStore((s) => (s.route.view === 'pages' ? s.route.pageId : undefined));
  const [selected, setSelected] = useState<string | null>(focus ?? null);
  const [show, setShow] = useState<Show>('open');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [source, setSource] = useState('');
  const [query, setQuery] = useState('');
  // Ages ("5 min ago") stay current without a reload.
  const now = useNow(30_000);

  useEffect(() => {
    if (focus) setSelected(focus);
  }, [focus]);

  const open = slice?.open ?? NO_PAGES;
  const recent = slice?.recent ?? NO_PAGES;
  const sources = useMemo(() => [...new Set([...open, ...recent].map((p) => p.sourceName))].sort(), [open, recent]);
  const list = useMemo(() => {
    const base =
      show === 'open'
        ? open
        : show === 'unacknowledged'
          ? open.filter((p) => p.status === 'triggered')
          : show === 'resolved'
            ? recent
            : [...open, ...recent];
    const q = query.trim().toLowerCase();
    return base.filter(
      (p) =>
        (!severity || p.severity === severity) &&
        (!source || p.sourceName === source) &&
        (!q || p.title.toLowerCase().includes(q) || Object.entries(p.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q))),
    );
  }, [open, recent, show, severity, source, query]);

  if (!slice) return null;
  const page = [...open, ...recent].find((p) => p.id === selected) ?? null;
  const unacked = open.filter((p) => p.status === 'triggered').length;

  return (
    <section className="view pages-view" aria-labelledby="view-title">
      <h1 id="view-title">Pages</h1>
      <p className="muted" role="status">
        {open.length === 0
          ? 'No open pages.'
          : `${open.length} open page${open.length === 1 ? '' : 's'}, ${unacked} unacknowledged.`}
      </p>
      <SourceProblems slice={slice} />
      {open.length === 0 && recent.length === 0 ? (
        <div className="empty">
          <p>No pages yet.</p>
          <p className="muted">
            {slice.webhook.url ? `Pages posted to ${slice.webhook.url} ` : 'Pages from the webhook receiver '}
            and from the Alertmanagers set up in Settings → Alert sources will show here, most urgent first.
          </p>
          <WebhookAddress />
        </div>
      ) : null}
      <div hidden={open.length === 0 && recent.length === 0}>
      <div className="pages-filters" role="search" aria-label="Filter pages">
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
        <label className="grow">
          <span>Search</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="title or label, e.g. team=payments" />
        </label>
      </div>
      <div className="pages-split">
        <PageList pages={list} selected={page?.id ?? null} onSelect={setSelected} now={now} />
        {page ? (
          <PageDetail key={page.id} page={page} now={now} ackMinutes={slice.config.ackMinutes} />
        ) : (
          <div className="page-detail empty">
            <p className="muted">Select a page to see its details, links, actions and history.</p>
          </div>
        )}
      </div>
      </div>
    </section>
  );
}

function SourceProblems({ slice }: { slice: PagesSlice }) {
  const failing = slice.sources.filter((s) => s.lastError && s.kind === 'alertmanager');
  if (failing.length === 0 && !slice.webhook.error) return null;
  return (
    <div className="banner banner-warning" role="status">
      <div>
        <p>Some alert sources have problems; pages from them may be missing.</p>
        <SourceHealthList sources={failing} />
        {slice.webhook.error ? <p className="small">{slice.webhook.error}</p> : null}
      </div>
    </div>
  );
}
