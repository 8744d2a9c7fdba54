import { useState } from 'react';
import { api, errorMessage } from '../../api';
import type { LoadHours } from '../../../shared/trends';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Which hours count as business and sleep hours in the Load view (off hours are the rest). */
export function LoadHoursForm({ hours, onSaved }: { hours: LoadHours; onSaved: () => void }) {
  const [draft, setDraft] = useState<LoadHours | null>(null);
  const [status, setStatus] = useState<Status>(IDLE);
  const value = draft ?? hours;
  const setBusiness = (patch: Partial<LoadHours['business']>) => setDraft({ ...value, business: { ...value.business, ...patch } });
  const setSleep = (patch: Partial<LoadHours['sleep']>) => setDraft({ ...value, sleep: { ...value.sleep, ...patch } });

  const save = async () => {
    setStatus({ kind: 'busy', what: 'Saving' });
    try {
      await api.updateLoadHours(value);
      setDraft(null);
      setStatus({ kind: 'done', message: 'Saved; the charts are counted again.' });
      onSaved();
    } catch (error) {
      setStatus({ kind: 'error', message: `Not saved: ${errorMessage(error)}` });
    }
  };

  return (
    <details className="card load-hours">
      <summary>Business, off and sleep hours</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>Business days</legend>
          {DAYS.map((day, i) => (
            <label key={day} className="checkbox">
              <input
                type="checkbox"
                checked={value.business.days.includes(i + 1)}
                onChange={(e) => setBusiness({ days: e.target.checked ? [...value.business.days, i + 1].sort() : value.business.days.filter((d) => d !== i + 1) })}
              />
              {day}
            </label>
          ))}
        </fieldset>
        <div className="row">
          <label>
            <span>Business hours from</span>
            <input type="time" value={value.business.start} required onChange={(e) => setBusiness({ start: e.target.value })} />
          </label>
          <label>
            <span>to</span>
            <input type="time" value={value.business.end} required onChange={(e) => setBusiness({ end: e.target.value })} />
          </label>
          <label>
            <span>Sleep hours from</span>
            <input type="time" value={value.sleep.start} required onChange={(e) => setSleep({ start: e.target.value })} />
          </label>
          <label>
            <span>to</span>
            <input type="time" value={value.sleep.end} required onChange={(e) => setSleep({ end: e.target.value })} />
          </label>
        </div>
        <p className="muted small">Off hours are the rest: evenings and weekends outside sleep hours.</p>
        <div className="actions">
          <button type="submit">Save hours</button>
        </div>
        <StatusLine status={status} />
      </form>
    </details>
  );
}
