import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore } from '../../store';
import { RunbookReader } from './RunbookReader';
import { RunbookSources } from './RunbookSources';
import { useQuery } from '../../ui/useQuery';
import type { MatchReason, RunbookSummary, SearchHit } from '../../../shared/runbooks';

const NO_RUNBOOKS: { runbooks: RunbookSummary[]; total: number } = { runbooks: [], total: 0 };

const REASONS: Record<MatchReason, string> = {
  pinned: 'pinned to this alert',
  url: 'the alert’s runbook link',
  alertname: 'same alert name',
  labels: 'same service or team',
  similar: 'similar alert name',
  search: 'search',
};

/** Reasons that say the runbook is this alert's, not a guess. */
const EXACT: ReadonlySet<MatchReason> = new Set(['pinned', 'url', 'alertname']);

/** Runbooks: offline search, the reader, the sources; opened on a runbook, or for a page (its best match). */
export function RunbooksView() {
  const target = useStore((s) => (s.route.view === 'runbooks' ? s.route.open : undefined));
  const runbookId = target && 'runbookId' in target ? target.runbookId : undefined;
  const forPageId = target && 'forPageId' in target ? target.forPageId : undefined;
  const total = useStore((s) => s.state?.runbooks.total ?? 0);
  /** Bumped when a runbook link fetched in the background was stored or failed: the page's match is asked again. */
  const linkUpdates = useStore((s) => s.state?.runbooks.linkUpdates ?? 0);
  const [query, setQuery] = useState('');
  /** The runbook in the reader, and the page its ticked steps are logged against. */
  const [reading, setReading] = useState<{ id: string; pageId: string | null; n: number; anchor: string | null } | null>(null);
  const [pinState, setPinState] = useState<string | null>(null);

  const list = useQuery(`${total}`, () => api.runbookList({}));
  const search = useQuery(query.trim() ? `${total}|${query}` : null, () => api.runbookSearch({ query, limit: 30 }), { debounceMs: 120 });
  const match = useQuery(forPageId ? `${linkUpdates}|${forPageId}` : null, () => api.runbookForPage({ pageId: forPageId ?? '' }));
  const reader = useQuery(reading && `${reading.n}|${reading.pageId ?? ''}|${reading.id}`, () =>
    api.runbookGet({ id: reading?.id ?? '', pageId: reading?.pageId ?? undefined }),
  );
  const forPage = match.data ?? null;
  const pageId = forPage?.page?.pageId ?? null;
  const open = (id: string, page: string | null = pageId, anchor: string | null = null) => setReading((r) => ({ id, pageId: page, n: (r?.n ?? 0) + 1, anchor }));
  // A link from one runbook to another keeps the page the steps are logged against.
  const follow = useCallback((id: string, anchor: string | null) => setReading((r) => ({ id, pageId: r?.pageId ?? null, n: (r?.n ?? 0) + 1, anchor: anchor ?? '' })), []);

  // A runbook asked for by id opens as it is, for no page.
  useEffect(() => {
    if (runbookId) open(runbookId, null);
    // Only a new route re-opens.
  }, [runbookId]);
  useEffect(() => setPinState(null), [forPageId]);
  // The runbook matched for the page opens as soon as the match is known. Asked again (a link
  // fetched in the background), a better best replaces the one shown, unless the user opened another.
  const shownBest = useRef<{ pageId: string; id: string | null } | null>(null);
  const prefilled = useRef<string | null>(null);
  useEffect(() => {
    const data = match.data;
    if (!data || !forPageId) return;
    const best = data.best?.id ?? null;
    const before = shownBest.current?.pageId === forPageId ? shownBest.current.id : undefined;
    shownBest.current = { pageId: forPageId, id: best };
    if (before === undefined || (best !== before && (reading === null || reading.id === before))) {
      if (best) open(best, forPageId);
      else setReading(null);
    }
    // A page without an exact runbook: the search box starts with what the suggestions came from.
    if (prefilled.current !== forPageId && data.query && !(data.best && EXACT.has(data.best.reason))) {
      prefilled.current = forPageId;
      setQuery(data.query);
    }
  }, [match.data]);

  const error = reader.error ?? match.error ?? search.error ?? list.error;
  const hits = search.data?.hits ?? null;
  const resolving = forPageId && match.loading ? forPageId : null;
  const doc = reader.data ?? null;
  const all = list.data ?? NO_RUNBOOKS;

  const pin = async (runbookId: string | null) => {
    const alertName = forPage?.page?.alertName;
    if (!alertName) return;
    try {
      await api.runbookPin({ alertName, runbookId });
      setPinState(runbookId ? `Pinned to ${alertName}.` : `Unpinned from ${alertName}.`);
    } catch (e) {
      setPinState(errorMessage(e));
    }
  };

  const matches = forPage ? [forPage.best, ...forPage.alternatives].filter((m): m is NonNullable<typeof m> => !!m) : [];
  const exact = !!forPage?.best && EXACT.has(forPage.best.reason);

  return (
    <section className="view runbooks-view" aria-labelledby="view-title">
      <h1 id="view-title">Runbooks</h1>
      {resolving && (
        <p className="banner" role="status">
          Finding the runbook for page {resolving}…
        </p>
      )}
      {forPage?.page && (
        <div className="card page-match" role="region" aria-label="Runbook for the page">
          <p>
            For page <strong>{forPage.page.title}</strong>
            {forPage.page.alertName && <span className="muted"> · alert {forPage.page.alertName}</span>}
          </p>
          {forPage.urlError && <p className="muted small">The alert’s runbook link cannot be used: {forPage.urlError}</p>}
          {forPage.linkNote && (
            <p className="muted small link-note" role="status">
              {forPage.linkNote}
            </p>
          )}
          {matches.length === 0 ? (
            <p className="muted">No runbook matches this page. Search below, or add the source that has it.</p>
          ) : (
            <>
              {!exact && <p className="small">No runbook is known for this alert. Suggestions, with the words they matched:</p>}
              <ul className="match-list" role="list" aria-label={exact ? 'Matching runbooks' : 'Suggested runbooks'}>
                {matches.map((m, i) => (
                  <li key={m.id}>
                    <button type="button" className="link-button" aria-current={doc?.id === m.id ? 'true' : undefined} onClick={() => open(m.id)}>
                      {m.title}
                    </button>{' '}
                    <span className="muted small">
                      {i === 0 ? (exact ? 'best match' : 'best suggestion') : 'alternative'} · {REASONS[m.reason]}
                      {m.matched && m.matched.length > 0 ? ` · matched: ${m.matched.join(', ')}` : ''}
                      {m.stale ? ' · stale' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {forPage.page.alertName && doc && (
            <div className="actions">
              {forPage.best?.reason === 'pinned' && forPage.best.id === doc.id ? (
                <button type="button" onClick={() => void pin(null)}>
                  Unpin from {forPage.page.alertName}
                </button>
              ) : (
                <button type="button" onClick={() => void pin(doc.id)}>
                  Pin this runbook to {forPage.page.alertName}
                </button>
              )}
              {pinState && <span role="status">{pinState}</span>}
            </div>
          )}
        </div>
      )}
      {forPage && !forPage.page && <p className="banner banner-warning">That page is not in the journal, so its runbook cannot be matched.</p>}
      <div className="runbooks-layout">
        <div className="runbooks-side">
          <label className="search-box">
            <span>Search runbooks</span>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="crashloop, disk full, etcd…" />
          </label>
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <ResultList hits={hits} all={all} selected={doc?.id ?? null} onOpen={(id) => open(id)} />
          <RunbookSources />
        </div>
        <div className="runbooks-main">
          {doc ? (
            <RunbookReader doc={doc} pageId={pageId} pageTitle={forPage?.page?.title} anchor={reading?.anchor ?? null} openRunbook={follow} />
          ) : (
            <div className="empty">
              <p>{total === 0 ? 'No runbooks yet. Add a folder, a git repository or a link under Sources.' : 'Pick a runbook, or search.'}</p>
              <p className="muted">Every runbook Baton has seen is kept on this machine and opens without a network.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function ResultList({
  hits,
  all,
  selected,
  onOpen,
}: {
  hits: SearchHit[] | null;
  all: { runbooks: RunbookSummary[]; total: number };
  selected: string | null;
  onOpen(id: string): void;
}) {
  if (hits && hits.length === 0) return <p className="muted">No runbook matches.</p>;
  const items: (RunbookSummary & { snippet?: SearchHit['snippet'] })[] = hits ?? all.runbooks;
  return (
    <>
      <ul className="result-list" role="list" aria-label={hits ? 'Search results' : 'All runbooks'}>
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" className="result" aria-current={selected === item.id ? 'true' : undefined} onClick={() => onOpen(item.id)}>
              <span className="result-title">{item.title}</span>
              <span className="muted small">
                {item.sourceName}
                {item.stale ? ' · stale' : ''}
              </span>
              {item.snippet && item.snippet.length > 0 && (
                <span className="snippet small">
                  {item.snippet.map((segment, i) => (segment.mark ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {!hits && all.total > all.runbooks.length && (
        <p className="muted small">
          Showing {all.runbooks.length} of {all.total}; search to find the rest.
        </p>
      )}
    </>
  );
}
