import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useStore, useTimeZone } from '../../store';
import { dayKey, formatDateTime, formatDay } from '../../../shared/time';
import { useNow } from '../../ui/useNow';
import { Time } from '../../ui/Time';
import { LOG_KIND_LABELS, LOG_KINDS, type LogEntry, type LogKind } from '../../../shared/action-log';
import { useLoadRange, useLogWindow } from './useLogWindow';
import { useNoteDraft } from './noteDraft';
import { ExportLog } from './ExportLog';

const ROW_ESTIMATE = 52;

/** The whole action log, newest first, filtered by kind and text; only the rows in view exist in the DOM. */
export function LogList() {
  const lastSeq = useStore((s) => s.state?.journal?.lastSeq ?? 0);
  const zone = useTimeZone();
  const [kinds, setKinds] = useState<LogKind[]>([]);
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setText(typed.trim()), 150);
    return () => clearTimeout(timer);
  }, [typed]);

  const log = useLogWindow({ kinds, text }, lastSeq);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: log.matched,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  useLoadRange(log.load, items[0]?.index ?? 0, items.at(-1)?.index ?? 0);

  // A new filter starts at the newest entry.
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [kinds, text, virtualizer]);

  const toggle = (kind: LogKind) => setKinds((k) => (k.includes(kind) ? k.filter((x) => x !== kind) : [...k, kind]));
  const filtered = kinds.length > 0 || text !== '';

  return (
    <section className="card log-card" aria-labelledby="log-title">
      <div className="log-head">
        <h2 id="log-title">Action log</h2>
        <ExportLog />
      </div>
      <div className="log-filters">
        <fieldset className="kind-filter">
          <legend className="sr-only">Show kinds</legend>
          {LOG_KINDS.map((kind) => (
            <label key={kind} className={`chip kind-${kind}`}>
              <input type="checkbox" checked={kinds.includes(kind)} onChange={() => toggle(kind)} />
              <span>{LOG_KIND_LABELS[kind]}</span>
            </label>
          ))}
        </fieldset>
        <label className="log-search">
          <span className="sr-only">Filter by text</span>
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Filter by text" maxLength={200} />
        </label>
      </div>
      <p className="muted small" role="status" aria-live="polite">
        {!log.loaded
          ? 'Loading the log…'
          : filtered
            ? `${log.matched.toLocaleString('en-GB')} of ${log.total.toLocaleString('en-GB')} entries match`
            : `${log.total.toLocaleString('en-GB')} entries, newest first`}
        {log.error && <span className="error-text"> · {log.error}</span>}
      </p>
      <div ref={scroller} className="log-scroller" role="region" aria-label="Log entries, newest first" tabIndex={0}>
        {log.loaded && log.matched === 0 ? (
          <p className="muted log-empty">{filtered ? 'No entry matches the filter.' : 'Nothing logged yet. Notes, pages, acks and runbook steps will show here.'}</p>
        ) : (
          <div role="list" aria-label="Log entries" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const entry = log.entryAt(item.index);
              const previous = item.index > 0 ? log.entryAt(item.index - 1) : undefined;
              // A day header where the day changes (in the user's zone), instead of the date on every row.
              const day = entry && (item.index === 0 || (previous && dayKey(previous.ts, zone) !== dayKey(entry.ts, zone))) ? entry.ts : null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="log-item"
                  role="listitem"
                  aria-setsize={log.matched}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {day ? <DayHeader at={day} zone={zone} /> : null}
                  <div className="log-row">{entry ? <Row entry={entry} /> : <span className="muted small">Loading…</span>}</div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

/** "Today · Mon 30 Nov 2026" above the first entry of each day. */
function DayHeader({ at, zone }: { at: string; zone: string }) {
  const now = useNow();
  const key = dayKey(at, zone);
  const relative = key === dayKey(now, zone) ? 'Today · ' : key === dayKey(now - 86_400_000, zone) ? 'Yesterday · ' : '';
  return (
    <h3 className="log-day">
      {relative}
      {formatDay(at, zone)} <span className="muted">({zone})</span>
    </h3>
  );
}

function Row({ entry }: { entry: LogEntry }) {
  const zone = useTimeZone();
  const navigate = useStore((s) => s.navigate);
  const followUpNote = useNoteDraft((s) => s.followUpNote);
  const { pageId, runbookId } = entry;
  return (
    <>
      <Time at={entry.ts} show="time" className="log-time small" title={formatDateTime(entry.ts, zone)} />
      <span className={`kind kind-${entry.kind}`}>{LOG_KIND_LABELS[entry.kind]}</span>
      <span className="log-text" title={entry.text.length > 120 ? entry.text.slice(0, 1000) : undefined}>
        {entry.text}
      </span>
      <span className="log-links">
        {pageId && (
          <button type="button" className="link" onClick={() => navigate({ view: 'pages', pageId })}>
            Page
          </button>
        )}
        {runbookId && (
          <button type="button" className="link" onClick={() => navigate({ view: 'runbooks', open: { runbookId } })}>
            Runbook
          </button>
        )}
        {entry.followup && <span className={`small followup-status ${entry.followup}`}>Follow-up {entry.followup}</span>}
        {entry.type === 'note.added' && entry.noteId && !entry.followup && (
          <button
            type="button"
            className="link"
            onClick={() => followUpNote({ id: entry.noteId as string, ts: entry.ts, text: entry.text })}
            aria-label={`Follow up this note: ${entry.text.slice(0, 60)}`}
          >
            Follow up
          </button>
        )}
      </span>
    </>
  );
}
