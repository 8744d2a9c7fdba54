import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api';
import { useStore, useTimeZone } from '../store';
import { formatDateTime, formatDuration } from '../../shared/time';
import { SEVERITIES, type Page, type PageHistoryEntry, type PagesSlice } from '../../shared/pages';
import type { Severity } from '../../shared/events';
import { SourceHealthList } from '../components/pages/PageSources';

const NO_PAGES: readonly Page[] = [];
const DURATIONS = [
  { minutes: 15, label: '15 min' },
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 120, label: '2 hours' },
  { minutes: 240, label: '4 hours' },
  { minutes: 480, label: '8 hours' },
  { minutes: 1440, label: '24 hours' },
];

type Show = 'open' | 'unacknowledged' | 'resolved' | 'all';

/** Ticks so ages stay current without a reload. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function PagesView() {
  const slice = useStore((s) => s.state?.pages);
  const focus = useStore((s) => s.focus);
  const [selected, setSelected] = useState<string | null>(focus);
  const [show, setShow] = useState<Show>('open');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [source, setSource] = useState('');
  const [query, setQuery] = useState('');
  const now = useNow();

  useEffect(() => {
    if (focus) setSelected(focus.startsWith('page:') ? focus.slice(5) : focus);
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

function PageList({ pages, selected, onSelect, now }: { pages: readonly Page[]; selected: string | null; onSelect(id: string): void; now: number }) {
  if (pages.length === 0) return <p className="page-list empty muted">No pages match.</p>;
  return (
    <ul className="page-list" aria-label="Pages">
      {pages.map((p) => (
        <li key={p.id}>
          <button
            type="button"
            className={`page-item status-${p.status}`}
            aria-current={p.id === selected ? 'true' : undefined}
            onClick={() => onSelect(p.id)}
          >
            <span className="page-row">
              <SeverityBadge severity={p.severity} />
              <span className="page-title">{p.title}</span>
            </span>
            <span className="page-meta muted small">
              {p.sourceName} · {p.status === 'resolved' ? `resolved ${ago(p.resolvedAt ?? p.receivedAt, now)}` : `${ago(p.receivedAt, now)}`}
              {p.status === 'acknowledged' ? ` · acknowledged by ${p.acknowledgedBy ?? 'someone'}` : ''}
            </span>
            <span className="labels small">
              {Object.entries(p.labels)
                .filter(([k]) => k !== 'alertname' && k !== 'severity')
                .slice(0, 4)
                .map(([k, v]) => (
                  <span className="label-chip" key={k}>
                    {k}={v}
                  </span>
                ))}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`severity severity-${severity}`}>{severity}</span>;
}

function ago(iso: string, now: number): string {
  return `${formatDuration(now - Date.parse(iso))} ago`;
}

function PageDetail({ page, now, ackMinutes }: { page: Page; now: number; ackMinutes: number }) {
  const zone = useTimeZone();
  const navigate = useStore((s) => s.navigate);
  const [minutes, setMinutes] = useState(DURATIONS.some((d) => d.minutes === ackMinutes) ? ackMinutes : 60);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [history, setHistory] = useState<PageHistoryEntry[] | null>(null);

  useEffect(() => {
    let live = true;
    api
      .pageHistory({ pageId: page.id })
      .then((h) => live && setHistory(h))
      .catch((e: unknown) => live && setMessage({ kind: 'error', text: `History unavailable: ${errorMessage(e)}` }));
    return () => {
      live = false;
    };
  }, [page.id, page.status, page.fired]);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  const open = (url: string) => api.openExternal({ url }).catch((e: unknown) => setMessage({ kind: 'error', text: errorMessage(e) }));
  const ack = () =>
    run(async () => (await api.ackPage({ pageId: page.id, minutes, comment: comment.trim() || undefined })).message);
  const unack = () => run(async () => (await api.unackPage({ pageId: page.id }), 'Acknowledgement withdrawn; the page will notify again.'));
  const handled = () => run(async () => (await api.resolvePage({ pageId: page.id }), 'Marked handled.'));

  return (
    <article className="page-detail card" aria-labelledby="page-detail-title">
      <header>
        <p className="page-row">
          <SeverityBadge severity={page.severity} />
          <span className={`status status-${page.status}`}>{page.status}</span>
          {page.fired > 1 ? <span className="muted small">fired {page.fired} times</span> : null}
        </p>
        <h2 id="page-detail-title">{page.title}</h2>
        <p className="muted small">
          From {page.sourceName} · started {formatDateTime(page.startsAt, zone)} · received {formatDateTime(page.receivedAt, zone)} (
          {ago(page.receivedAt, now)})
        </p>
        {page.status === 'acknowledged' ? (
          <p className="small">
            Acknowledged by {page.acknowledgedBy} at {page.acknowledgedAt ? formatDateTime(page.acknowledgedAt, zone) : '?'}
            {page.ackUntil ? ` until ${formatDateTime(page.ackUntil, zone)}` : ''}
            {page.silenceId ? ` (silence ${page.silenceId})` : ''}
          </p>
        ) : null}
        {page.status === 'resolved' && page.resolvedAt ? (
          <p className="small">
            Resolved {formatDateTime(page.resolvedAt, zone)}
            {page.resolvedBy ? ` by ${page.resolvedBy}` : ' at the source'}
          </p>
        ) : null}
      </header>

      {page.status !== 'resolved' ? (
        <div className="page-actions">
          {page.status === 'triggered' ? (
            <>
              <label>
                <span>For</span>
                <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} disabled={busy}>
                  {DURATIONS.map((d) => (
                    <option key={d.minutes} value={d.minutes}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="grow">
                <span>Comment</span>
                <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Looking into it" disabled={busy} />
              </label>
              <button type="button" className="primary" onClick={ack} disabled={busy}>
                {page.kind === 'alertmanager' ? 'Acknowledge (silence)' : 'Acknowledge'}
              </button>
            </>
          ) : (
            <button type="button" onClick={unack} disabled={busy}>
              Un-acknowledge
            </button>
          )}
          <button
            type="button"
            onClick={handled}
            disabled={busy}
            title={page.kind === 'alertmanager' ? 'Resolve it in Baton; if Alertmanager still reports it firing, it opens again' : undefined}
          >
            Mark handled
          </button>
        </div>
      ) : null}
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error-text' : 'muted'}>
          {message.text}
        </p>
      ) : null}

      <div className="actions">
        <button type="button" onClick={() => navigate('runbooks', `page:${page.id}`)}>
          Open runbook
        </button>
        {page.runbookUrl ? (
          <a href={page.runbookUrl} onClick={(e) => (e.preventDefault(), void open(page.runbookUrl!))} className="link">
            runbook_url: {page.runbookUrl}
          </a>
        ) : null}
        {page.generatorUrl ? (
          <a href={page.generatorUrl} onClick={(e) => (e.preventDefault(), void open(page.generatorUrl!))} className="link">
            Source graph
          </a>
        ) : null}
      </div>

      <h3>Annotations</h3>
      {Object.keys(page.annotations).length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <dl className="kv">
          {Object.entries(page.annotations).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="pre">{v}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Labels</h3>
      <p className="labels">
        {Object.entries(page.labels).map(([k, v]) => (
          <span className="label-chip" key={k}>
            {k}={v}
          </span>
        ))}
      </p>
      <h3>History</h3>
      {history === null ? (
        <p className="muted small">Loading…</p>
      ) : (
        <ol className="history">
          {history.map((h) => (
            <li key={h.seq}>
              <time dateTime={h.ts}>{formatDateTime(h.ts, zone)}</time> {h.summary}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
