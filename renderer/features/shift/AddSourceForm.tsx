import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import { ZoneSelect } from '../../ui/ZoneSelect';
import type { Rotation } from '../../../shared/schedule/rotation';

type Kind = 'feed' | 'file' | 'rotation';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function todayIn(zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Add a calendar link, a local .ics file, or a rotation kept in Baton. */
export function AddSourceForm({ zone, defaultMembers, onDone }: { zone: string; defaultMembers: string; onDone?: () => void }) {
  const [kind, setKind] = useState<Kind>('feed');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState('');
  const [members, setMembers] = useState(defaultMembers);
  const [weekday, setWeekday] = useState(1);
  const [time, setTime] = useState('09:00');
  const [length, setLength] = useState<Rotation['length']>('weekly');
  const [customDays, setCustomDays] = useState(7);
  const [startDate, setStartDate] = useState(() => todayIn(zone));
  const [timeZone, setTimeZone] = useState(zone);
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: 'busy' });
    try {
      const label = name.trim() || (kind === 'rotation' ? 'My rotation' : 'On-call schedule');
      if (kind === 'feed') await api.addScheduleSource({ kind, name: label, url });
      else if (kind === 'file') await api.addScheduleSource({ kind, name: label, path: file });
      else {
        const list = members.split(/[\n,;]+/).map((m) => m.trim()).filter(Boolean);
        await api.addScheduleSource({
          kind,
          name: label,
          rotation: { members: list, handoffTime: time, handoffWeekday: weekday, length, customDays, startDate, timeZone, overrides: [] },
        });
      }
      setStatus({ kind: 'done' });
      setName('');
      setUrl('');
      setFile('');
      onDone?.();
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="add-source-title">
      <h2 id="add-source-title">Add a schedule</h2>
      <fieldset className="kind-choice">
        <legend className="muted small">Where the schedule comes from</legend>
        {(
          [
            ['feed', 'Calendar link'],
            ['file', '.ics file'],
            ['rotation', 'Local rotation'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="source-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      <label>
        <span>Schedule name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={kind === 'rotation' ? 'Team rota' : 'Payments primary'} />
      </label>
      {kind === 'feed' ? (
        <label>
          <span>Link address (https:// or webcal://)</span>
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="webcal://yourcompany.pagerduty.com/private/…" autoComplete="off" spellCheck={false} />
          <small className="muted">
            The secret export link from PagerDuty, Grafana OnCall, Opsgenie or incident.io (or a Google/Outlook calendar). It is stored
            encrypted and only shown shortened.
          </small>
        </label>
      ) : null}
      {kind === 'file' ? (
        <div className="path-row">
          <label>
            <span>Full path of the .ics file</span>
            <input value={file} onChange={(e) => setFile(e.target.value)} placeholder="/home/you/oncall.ics" spellCheck={false} />
          </label>
          <button
            type="button"
            aria-label="Choose the .ics file"
            onClick={() =>
              api
                .pickPath({ purpose: 'calendar-file' })
                .then(({ path }) => path && setFile(path))
                .catch((error: unknown) => setStatus({ kind: 'error', message: errorMessage(error) }))
            }
          >
            Choose…
          </button>
        </div>
      ) : null}
      {kind === 'rotation' ? (
        <>
          <label>
            <span>Members, in order</span>
            <textarea rows={3} value={members} onChange={(e) => setMembers(e.target.value)} placeholder="Alice Example, Bob Builder" />
            <small className="muted">One per line or comma-separated. The first takes the first shift.</small>
          </label>
          <div className="row">
            <label>
              <span>Length</span>
              <select value={length} onChange={(e) => setLength(e.target.value as Rotation['length'])}>
                <option value="daily">Daily</option>
                <option value="weekly">Weekly</option>
                <option value="custom">Custom</option>
              </select>
            </label>
            {length === 'custom' ? (
              <label>
                <span>Days per shift</span>
                <input type="number" min={1} max={365} value={customDays} onChange={(e) => setCustomDays(Number(e.target.value))} />
              </label>
            ) : null}
            {length !== 'daily' ? (
              <label>
                <span>Handoff day</span>
                <select value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
                  {WEEKDAYS.map((d, i) => (
                    <option key={d} value={i + 1}>
                      {d}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label>
              <span>Handoff time</span>
              <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
            </label>
          </div>
          <div className="row">
            <label>
              <span>Starting from</span>
              <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
            </label>
            <label>
              <span>Rotation time zone</span>
              <ZoneSelect value={timeZone} onChange={setTimeZone} />
            </label>
          </div>
        </>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={status.kind === 'busy'}>
          {status.kind === 'busy' ? (kind === 'feed' ? 'Fetching…' : 'Adding…') : 'Add schedule'}
        </button>
        <span role="status" className={status.kind === 'error' ? 'error-text' : 'muted'}>
          {status.kind === 'error' ? status.message : status.kind === 'done' ? 'Added.' : ''}
        </span>
      </div>
    </form>
  );
}
