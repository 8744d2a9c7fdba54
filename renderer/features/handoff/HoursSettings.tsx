import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore } from '../../store';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';

/** Business and sleep hours, which the report's statistics are counted against. */
export function HoursSettings() {
  const settings = useStore((s) => s.state?.handoff?.settings);
  const [status, setStatus] = useState<Status>(IDLE);
  if (!settings) return null;
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const days = data.getAll('day').map(Number);
    try {
      await api.updateHandoffSettings({
        businessHours: { days, start: String(data.get('bstart')), end: String(data.get('bend')) },
        sleepHours: { start: String(data.get('sstart')), end: String(data.get('send')) },
        flapMinutes: Number(data.get('flap')),
        noisyThreshold: settings.noisyThreshold,
      });
      setStatus({ kind: 'done', message: 'Saved.' });
    } catch (error) {
      setStatus({ kind: 'error', message: `Not saved: ${errorMessage(error)}` });
    }
  };
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return (
    <details className="card">
      <summary>Business hours and sleep hours</summary>
      <form
        className="form handoff-hours"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <fieldset>
          <legend>Business days</legend>
          {names.map((n, i) => (
            <label key={n} className="checkbox">
              <input type="checkbox" name="day" value={i + 1} defaultChecked={settings.businessHours.days.includes(i + 1)} />
              <span>{n}</span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <HoursFields label="Business hours" names={['bstart', 'bend']} hours={settings.businessHours} />
        </div>
        <div className="actions">
          <HoursFields label="Sleep hours" names={['sstart', 'send']} hours={settings.sleepHours} />
          <label>
            <span>Flapping window (minutes)</span>
            <input type="number" name="flap" min={1} max={1440} defaultValue={settings.flapMinutes} required />
          </label>
        </div>
        <div className="actions">
          <button type="submit">Save hours</button>
          <StatusLine status={status} as="span" />
        </div>
      </form>
    </details>
  );
}

/** "<label> from … to …" as two time inputs of the form. */
function HoursFields({ label, names, hours }: { label: string; names: [from: string, to: string]; hours: { start: string; end: string } }) {
  return (
    <>
      <label>
        <span>{label} from</span>
        <input type="time" name={names[0]} defaultValue={hours.start} required />
      </label>
      <label>
        <span>to</span>
        <input type="time" name={names[1]} defaultValue={hours.end} required />
      </label>
    </>
  );
}
