import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import { formatCalendarDay, formatDateTime } from '../../../shared/time';
import type { Followup } from '../../../shared/action-log';

const NONE: readonly Followup[] = [];

/** Open follow-ups (they carry over from shift to shift until closed) and the ones closed lately. */
export function Followups() {
  const open = useStore((s) => s.state?.journal?.openFollowups ?? NONE);
  const closed = useStore((s) => s.state?.journal?.recentlyClosed ?? NONE);
  return (
    <section className="card followups" aria-labelledby="followups-title">
      <h2 id="followups-title">Open follow-ups ({open.length})</h2>
      {open.length === 0 ? (
        <p className="muted small">Nothing to follow up. Mark a note as a follow-up to keep it here until it is done.</p>
      ) : (
        <ul role="list" className="followup-list">
          {open.map((f) => (
            <OpenFollowup key={f.id} followup={f} />
          ))}
        </ul>
      )}
      {closed.length > 0 && (
        <details>
          <summary className="small">Recently closed ({closed.length})</summary>
          <ul role="list" className="followup-list closed">
            {closed.map((f) => (
              <li key={f.id}>
                <span className="followup-text">{f.text}</span>
                <FollowupMeta followup={f} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function OpenFollowup({ followup }: { followup: Followup }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.closeFollowup({ id: followup.id });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <li>
      <div className="followup-row">
        <span className="followup-text">{followup.text}</span>
        <button type="button" onClick={close} disabled={busy} aria-label={`Close follow-up: ${followup.text.slice(0, 80)}`}>
          Close
        </button>
      </div>
      <FollowupMeta followup={followup} />
      {error && (
        <p role="alert" className="error-text small">
          {error}
        </p>
      )}
    </li>
  );
}

function FollowupMeta({ followup: f }: { followup: Followup }) {
  const zone = useTimeZone();
  const navigate = useStore((s) => s.navigate);
  const parts = [
    f.owner && `owner ${f.owner}`,
    f.due && `due ${formatCalendarDay(f.due)}`,
    f.status === 'closed' && f.closedAt ? `closed ${formatDateTime(f.closedAt, zone)}` : `since ${formatDateTime(f.createdAt, zone)}`,
    f.carriedOver > 0 && `carried over ${f.carriedOver} shift${f.carriedOver === 1 ? '' : 's'}`,
    f.closeComment,
  ].filter(Boolean);
  return (
    <p className="muted small followup-meta">
      {parts.join(' · ')}
      {f.pageId && (
        <>
          {' · '}
          <button type="button" className="link" onClick={() => navigate({ view: 'pages', pageId: f.pageId })}>
            page
          </button>
        </>
      )}
    </p>
  );
}
