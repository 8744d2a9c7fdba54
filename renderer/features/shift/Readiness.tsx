import { useState } from 'react';
import { api, errorMessage } from '../../api';
import type { CheckResult, ReadinessResult } from '../../../shared/readiness';
import { formatDateTime } from '../../../shared/time';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';
import { useQuery } from '../../ui/useQuery';

const STATE_TEXT: Record<CheckResult['state'], string> = { ok: 'OK', warning: 'Look at it', problem: 'Problem', unknown: 'Cannot tell' };
/** Offered from this long before a shift starts (the start reminder points here). */
const OFFER_BEFORE_MS = 2 * 3_600_000;

/** "Am I reachable?": the readiness check, offered before a shift and on demand, with what is wrong and how to fix it. */
export function Readiness({ nextStart, zone, now }: { nextStart: string | null; zone: string; now: number }) {
  const last = useQuery('readiness', () => api.lastReadiness());
  const [result, setResult] = useState<ReadinessResult | null>(null);
  const [status, setStatus] = useState<Status>(IDLE);
  const shown = result ?? last.data ?? null;
  const soon = nextStart !== null && Date.parse(nextStart) - now <= OFFER_BEFORE_MS && Date.parse(nextStart) > now;

  const run = async () => {
    setStatus({ kind: 'busy', what: 'Checking notifications, sources, the webhook receiver, runbooks and the data folder' });
    try {
      setResult(await api.runReadinessCheck());
      setStatus(IDLE);
    } catch (error) {
      setStatus({ kind: 'error', message: `The check failed: ${errorMessage(error)}` });
    }
  };
  const confirm = async (saw: boolean) => {
    if (!shown) return;
    try {
      setResult(await api.confirmReadiness({ checkId: shown.checkId, saw }));
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };
  const problems = shown?.results.filter((r) => r.state === 'problem').length ?? 0;
  const notificationSent = shown?.results.some((r) => r.id === 'notification' && r.state === 'ok') ?? false;

  return (
    <section className="card readiness" aria-labelledby="readiness-title">
      <h2 id="readiness-title">Readiness check</h2>
      <p className={soon ? 'readiness-offer' : 'muted small'}>
        {soon && nextStart ? `Your shift starts ${formatDateTime(nextStart, zone)}: check that pages reach you.` : 'Check that pages reach you: a real test notification, your notification service and Do Not Disturb, every alert source, the webhook receiver, runbooks and the data folder.'}
      </p>
      <div className="actions">
        <button type="button" className={soon ? 'primary' : undefined} onClick={() => void run()} disabled={status.kind === 'busy'}>
          Run readiness check
        </button>
      </div>
      <StatusLine status={status} alertOnError />
      {shown ? (
        <>
          <p className="small">
            <strong>{problems === 0 ? 'Baton can reach you.' : `${problems} problem(s): pages may not reach you.`}</strong> Checked <Time at={shown.at} /> in {shown.tookMs} ms.
          </p>
          {notificationSent && shown.confirmed === null ? (
            <div className="readiness-confirm" role="group" aria-labelledby="readiness-confirm-q">
              <p id="readiness-confirm-q">Did you see and hear the test notification?</p>
              <div className="actions">
                <button type="button" onClick={() => void confirm(true)}>
                  Yes, I saw and heard it
                </button>
                <button type="button" onClick={() => void confirm(false)}>
                  No
                </button>
              </div>
            </div>
          ) : shown.confirmed ? (
            <p className="small">You confirmed you saw and heard it: alerting verified.</p>
          ) : null}
          <ul className="readiness-list">
            {shown.results.map((r, i) => (
              <li key={`${r.id}-${i}`} className={`readiness-${r.state}`}>
                <span className="readiness-state">{STATE_TEXT[r.state]}</span>
                <div>
                  <strong>{r.label}</strong>
                  <div className="small">{r.detail}</div>
                  {r.fix ? <div className="small readiness-fix">Fix: {r.fix}</div> : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
