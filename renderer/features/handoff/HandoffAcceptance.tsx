import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore } from '../../store';
import type { ReceivedHandoff } from '../../../shared/handoff/contract';
import type { HandoffChanges } from '../../../shared/handoff/delivery';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';

const NONE: readonly ReceivedHandoff[] = [];

/**
 * "Handoff from Alice": the incoming says "I have it" (journaled, and pushed back to the shared
 * repository), and sees what changed between the handoff and now.
 */
export function HandoffAcceptance() {
  const latest = useStore((s) => (s.state?.handoff?.received ?? NONE)[0]);
  const [status, setStatus] = useState<Status>(IDLE);
  const [changes, setChanges] = useState<{ id: string; value: HandoffChanges } | null>(null);
  if (!latest) return null;
  const shown = changes?.id === latest.handoffId ? changes.value : null;

  const accept = async () => {
    setStatus({ kind: 'busy', what: 'Accepting' });
    try {
      setStatus({ kind: 'done', message: (await api.acceptHandoff({ handoffId: latest.handoffId })).message });
    } catch (error) {
      setStatus({ kind: 'error', message: `Not accepted: ${errorMessage(error)}` });
    }
  };
  const loadChanges = async () => {
    setStatus({ kind: 'busy', what: 'Looking at what changed' });
    try {
      setChanges({ id: latest.handoffId, value: await api.handoffChanges({ handoffId: latest.handoffId }) });
      setStatus(IDLE);
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <div className="card handoff-acceptance" aria-labelledby="handoff-acceptance-title">
      <h2 id="handoff-acceptance-title">Handoff from {latest.from}</h2>
      <p className="small">
        {latest.via === 'repository' ? 'From the shared repository' : 'Imported'} <Time at={latest.receivedAt} />
        {latest.acceptedAt ? (
          <>
            {' '}· <strong>you accepted it</strong> <Time at={latest.acceptedAt} />
          </>
        ) : null}
      </p>
      <div className="actions">
        {latest.acceptedAt ? null : (
          <button type="button" className="primary" onClick={() => void accept()}>
            I have it
          </button>
        )}
        <button type="button" onClick={() => void loadChanges()} aria-expanded={shown !== null}>
          What changed since the handoff
        </button>
      </div>
      <StatusLine status={status} />
      {shown ? (
        <div className="handoff-changes">
          <p className="muted small">
            <Time at={shown.since} /> → <Time at={shown.until} />
          </p>
          {shown.entries.length === 0 ? (
            <p>No pages, acknowledgements or silences changed.</p>
          ) : (
            <ul>
              {shown.entries.map((e, i) => (
                <li key={`${e.at}-${i}`}>
                  <Time at={e.at} className="muted small" /> {e.text}
                </li>
              ))}
            </ul>
          )}
          {shown.omitted > 0 ? <p className="muted small">{shown.omitted} more not shown.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
