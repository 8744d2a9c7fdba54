import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api';
import { useStore, useTimeZone } from '../store';
import { shiftLine } from '../../shared/tray';
import { trayShift } from '../../shared/schedule/tray';
import { isPaused } from '../../shared/pause';
import { formatDateTime } from '../../shared/time';
import type { Page } from '../../shared/pages';
import { SeverityBadge } from '../ui/SeverityBadge';
import { StatusLine } from '../ui/StatusLine';
import { useNow } from '../ui/useNow';
import { alertName, groupPages } from '../features/pages/grouping';
import { PageAnnouncer } from './PageAnnouncer';

/** How many lines of pages the popover lists before "and N more in Baton". */
const LINES = 8;

/**
 * The tray popover (the same renderer at `#popover`, in a small frameless window by the tray icon):
 * the shift in one line, the open pages grouped by alert with Ack for each page or group, and
 * "Open Baton". A page's title opens it in the main window.
 */
export function Popover() {
  const state = useStore((s) => s.state);
  const loadError = useStore((s) => s.loadError);
  const zone = useTimeZone();
  const now = useNow(30_000);
  const [status, setStatus] = useState<{ kind: 'done' | 'error'; message: string } | null>(null);
  const theme = state?.settings.theme ?? 'system';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const open = state?.pages.open;
  const groups = useMemo(() => groupPages(open ?? []), [open]);

  if (loadError) return <p role="alert" className="banner banner-error">Baton could not load its state: {loadError}</p>;
  if (!state) return <p className="muted" role="status">Loading…</p>;
  const unacked = state.pages.open.filter((p) => p.status === 'triggered').length;
  const paused = isPaused(state.pause, now);
  const ackMinutes = state.pages.config.ackMinutes;
  const run = (call: () => Promise<string>) =>
    call().then(
      (message) => setStatus({ kind: 'done', message }),
      (error: unknown) => setStatus({ kind: 'error', message: errorMessage(error) }),
    );
  const ack = (pages: Page[]) => {
    const ids = pages.filter((p) => p.status === 'triggered').map((p) => p.id);
    const name = pages.length === 1 ? pages[0].title : alertName(pages[0]);
    return run(async () =>
      ids.length === 1
        ? `${name}: ${(await api.ackPage({ pageId: ids[0], minutes: ackMinutes })).message}`
        : `${name}: ${(await api.ackPages({ pageIds: ids, minutes: ackMinutes })).message}`,
    );
  };
  const show = (view?: string, id?: string) => api.showWindow({ view, id }).catch((e: unknown) => setStatus({ kind: 'error', message: errorMessage(e) }));
  const shown = groups.slice(0, LINES);
  const more = groups.slice(LINES).reduce((n, g) => n + g.pages.length, 0);

  return (
    <main className="popover" aria-labelledby="popover-title">
      <header className="popover-header">
        <h1 id="popover-title">
          <span className="brand-mark" aria-hidden="true" /> Baton
        </h1>
        <p>{shiftLine({ shift: trayShift(state.shift), now, timeZone: zone })}</p>
        {paused ? (
          <p className="muted small">
            Notifications paused{state.pause.until && !state.pause.indefinite ? ` until ${formatDateTime(state.pause.until, zone)}` : ' until resumed'}
          </p>
        ) : null}
      </header>
      <section aria-labelledby="popover-pages">
        <h2 id="popover-pages">
          {state.pages.open.length === 0 ? 'No open pages' : `${state.pages.open.length} open page${state.pages.open.length === 1 ? '' : 's'}, ${unacked} unacknowledged`}
        </h2>
        {shown.length > 0 ? (
          <ul className="popover-pages" aria-label="Open pages">
            {shown.map((group) => {
              const single = group.pages.length === 1;
              const title = single ? group.pages[0].title : group.name;
              return (
                <li key={group.key}>
                  <SeverityBadge severity={group.pages[0].severity} />
                  <button type="button" className="popover-title" onClick={() => void show('pages', group.pages[0].id)} title={`Open in Baton: ${title}`}>
                    <span className="popover-title-text">{title}</span>
                    {single ? null : <span className="muted"> ×{group.pages.length}</span>}
                  </button>
                  {group.unacknowledged > 0 ? (
                    <button type="button" className="primary" onClick={() => void ack(group.pages)}>
                      {single ? 'Ack' : `Ack ${group.unacknowledged}`}
                      <span className="sr-only">{single ? ` ${title}` : ` ${title} pages`}</span>
                    </button>
                  ) : (
                    <span className="muted small">acknowledged</span>
                  )}
                </li>
              );
            })}
          </ul>
        ) : null}
        {more > 0 ? <p className="muted small">and {more} more in Baton</p> : null}
      </section>
      {status ? <StatusLine status={status} alertOnError className="small" /> : null}
      <footer className="popover-footer">
        <button type="button" className="primary" onClick={() => void show()}>
          Open Baton
        </button>
      </footer>
      <PageAnnouncer />
    </main>
  );
}
