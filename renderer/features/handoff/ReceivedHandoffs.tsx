import { useStore } from '../../store';
import type { ReceivedHandoff } from '../../../shared/handoff/contract';
import { SeverityBadge } from '../../ui/SeverityBadge';
import { Time } from '../../ui/Time';

const NO_RECEIVED: readonly ReceivedHandoff[] = [];

/** The latest handoff imported from the previous on-call: what they left open and what they noted. */
export function ReceivedHandoffs() {
  const received = useStore((s) => s.state?.handoff?.received ?? NO_RECEIVED);
  const latest = received[0];
  if (!latest) return null;
  return (
    <div className="card handoff-received" aria-labelledby="handoff-received-title">
      <h2 id="handoff-received-title">Handed over to you by {latest.from}</h2>
      <p className="muted small">
        {latest.scheduleName ? `${latest.scheduleName} · ` : ''}
        <Time at={latest.start} /> → <Time at={latest.end} /> · imported <Time at={latest.receivedAt} />
      </p>
      {latest.summary ? <p>{latest.summary}</p> : null}
      {latest.openPages.length > 0 ? (
        <ul>
          {latest.openPages.map((p) => (
            <li key={p.pageId}>
              <SeverityBadge severity={p.severity} /> {p.title}
              {p.nextStep ? <span className="muted"> — next: {p.nextStep}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No open pages.</p>
      )}
      {latest.followupIds.length > 0 ? <p className="small">{latest.followupIds.length} follow-up(s) added to your open follow-ups.</p> : null}
      {latest.notes ? <blockquote className="handoff-notes">{latest.notes}</blockquote> : null}
    </div>
  );
}
