import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useTimeZone } from '../../store';
import { fromLocalInput, toLocalInput } from '../../../shared/handoff/zone';
import type { InvestigationKind } from '../../../shared/investigation';
import { formatDateTime } from '../../../shared/time';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';
import { useQuery } from '../../ui/useQuery';

const LABEL: Record<InvestigationKind, string> = { tried: 'Tried', 'ruled-out': 'Ruled out', checkpoint: 'Next checkpoint' };

/** What was tried and ruled out on this page, and when to look again (reminded then, carried into the handoff). */
export function Investigation({ pageId, now }: { pageId: string; now: number }) {
  const zone = useTimeZone();
  const [version, setVersion] = useState(0);
  const entries = useQuery(`${pageId}|${version}`, () => api.pageInvestigation({ pageId }));
  const [kind, setKind] = useState<InvestigationKind>('tried');
  const [text, setText] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(now + 30 * 60_000, zone));
  const [status, setStatus] = useState<Status>(IDLE);

  const add = async () => {
    const checkpointAt = kind === 'checkpoint' ? fromLocalInput(when, zone) : null;
    if (kind === 'checkpoint' && checkpointAt === null) return setStatus({ kind: 'error', message: 'Give the checkpoint a time.' });
    setStatus({ kind: 'busy', what: 'Saving' });
    try {
      await api.addInvestigationNote({ pageId, kind, text, ...(checkpointAt !== null ? { checkpointAt: new Date(checkpointAt).toISOString() } : {}) });
      setText('');
      setVersion((v) => v + 1);
      setStatus({ kind: 'done', message: kind === 'checkpoint' ? `Baton reminds you at ${formatDateTime(checkpointAt!, zone)}.` : 'Saved; it goes into the handoff.' });
    } catch (error) {
      setStatus({ kind: 'error', message: `Not saved: ${errorMessage(error)}` });
    }
  };

  return (
    <section className="investigation" aria-labelledby={`investigation-${pageId}`}>
      <h3 id={`investigation-${pageId}`}>Investigation</h3>
      {entries.data && entries.data.length > 0 ? (
        <ul className="investigation-list">
          {entries.data.map((e, i) => (
            <li key={i} className={`investigation-${e.kind}`}>
              <strong>{LABEL[e.kind]}</strong>
              {e.kind === 'checkpoint' && e.checkpointAt ? (
                <>
                  {' '}
                  at <Time at={e.checkpointAt} />
                </>
              ) : null}
              : {e.text} <Time at={e.at} className="muted small" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Nothing noted yet.</p>
      )}
      <form
        className="form investigation-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          <span>Note</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as InvestigationKind)}>
            {(Object.keys(LABEL) as InvestigationKind[]).map((k) => (
              <option key={k} value={k}>
                {LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        {kind === 'checkpoint' ? (
          <label>
            <span>At ({zone})</span>
            <input type="datetime-local" value={when} required onChange={(e) => setWhen(e.target.value)} />
          </label>
        ) : null}
        <label className="grow">
          <span>What</span>
          <input value={text} required maxLength={4096} placeholder={kind === 'checkpoint' ? 'What to look at then' : kind === 'tried' ? 'What you did' : 'What it is not, and why'} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit">Add</button>
      </form>
      <StatusLine status={status} />
    </section>
  );
}
