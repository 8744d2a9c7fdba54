import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import type { SourceStatus } from '../../../shared/schedule/slice';
import { formatDateTime } from '../../../shared/time';
import { ConfirmRemove } from '../../ui/ConfirmRemove';

const minutesList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);

/** The configured sources with their health, and what can be done with each. */
export function SourceList({ sources, zone, refreshMinutes }: { sources: SourceStatus[]; zone: string; refreshMinutes: number }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, call: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await call();
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card schedule-sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Schedule sources</h2>
      <ul className="source-list">
        {sources.map((source) => (
          <li key={source.id} aria-label={source.name}>
            <div className="source-head">
              <strong>{source.name}</strong>
              <span className="muted small">
                {source.kind === 'feed' ? 'Calendar link' : source.kind === 'file' ? 'File' : 'Local rotation'} · {source.location}
              </span>
            </div>
            <p className="small muted" role="status">
              {source.refreshing
                ? 'Refreshing…'
                : source.kind === 'rotation'
                  ? `${source.rotation?.members.length ?? 0} member(s), kept in Baton.`
                  : source.lastSuccess
                    ? `Last refreshed ${formatDateTime(source.lastSuccess, zone)} · ${source.shiftCount} shift(s)`
                    : 'Not fetched yet.'}
            </p>
            {source.error ? (
              <p className="error-text small" role="alert">
                {source.error}
                {source.stale ? ' The last good copy stays in use.' : ''}
              </p>
            ) : null}
            {source.problems.length > 0 ? (
              <details>
                <summary className="small">{source.problems.length} event(s) could not be used</summary>
                <ul className="small">
                  {source.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </details>
            ) : null}
            <Reminders source={source} onSave={(reminders) => run(`rem-${source.id}`, () => api.updateScheduleSource({ id: source.id, reminders }))} />
            {source.kind === 'rotation' && source.rotation ? <Overrides source={source} run={run} /> : null}
            <div className="actions">
              {source.kind !== 'rotation' ? (
                <button type="button" disabled={busy !== null} onClick={() => run(source.id, () => api.refreshSchedules({ id: source.id }))}>
                  {busy === source.id ? 'Refreshing…' : 'Refresh now'}
                </button>
              ) : null}
              <ConfirmRemove what={`the schedule “${source.name}”`} disabled={busy !== null} onConfirm={() => void run(`rm-${source.id}`, () => api.removeScheduleSource({ id: source.id }))} />
            </div>
          </li>
        ))}
      </ul>
      <RefreshInterval minutes={refreshMinutes} onSave={(m) => run('interval', () => api.setScheduleOptions({ refreshMinutes: m }))} />
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function Reminders({ source, onSave }: { source: SourceStatus; onSave: (r: SourceStatus['reminders']) => void }) {
  const [start, setStart] = useState(source.reminders.beforeStart.join(', '));
  const [end, setEnd] = useState(source.reminders.beforeEnd.join(', '));
  const valid = [start, end].every((t) => minutesList(t).every((n) => Number.isInteger(n) && n > 0));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onSave({ beforeStart: minutesList(start), beforeEnd: minutesList(end) });
  };
  return (
    <details>
      <summary className="small">Reminders</summary>
      <form className="form row" onSubmit={submit}>
        <label>
          <span className="small">Minutes before my shift starts</span>
          <input value={start} onChange={(e) => setStart(e.target.value)} aria-invalid={!valid} />
        </label>
        <label>
          <span className="small">Minutes before it ends (handoff)</span>
          <input value={end} onChange={(e) => setEnd(e.target.value)} aria-invalid={!valid} />
        </label>
        <div className="actions">
          <button type="submit" disabled={!valid}>
            Save reminders
          </button>
        </div>
      </form>
    </details>
  );
}

function Overrides({ source, run }: { source: SourceStatus; run: (key: string, call: () => Promise<unknown>) => Promise<void> }) {
  const rotation = source.rotation!;
  const [person, setPerson] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const save = (overrides: typeof rotation.overrides) => run(`ovr-${source.id}`, () => api.updateScheduleSource({ id: source.id, rotation: { ...rotation, overrides } }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save([...rotation.overrides, { person: person.trim(), start, end }]).then(() => setPerson(''));
  };
  return (
    <>
      <Members source={source} run={run} />
      <details>
        <summary className="small">Overrides ({rotation.overrides.length})</summary>
        {rotation.overrides.length > 0 ? (
          <ul className="override-list small">
            {rotation.overrides.map((o, i) => (
              <li key={`${o.person}-${o.start}`}>
                {o.person} covers {o.start.replace('T', ' ')} – {o.end.replace('T', ' ')} ({rotation.timeZone}){' '}
                <ConfirmRemove what={`the override for ${o.person}`} onConfirm={() => void save(rotation.overrides.filter((_, j) => j !== i))} />
              </li>
            ))}
          </ul>
        ) : null}
        <form className="form row" onSubmit={submit}>
          <label>
            <span className="small">Who covers</span>
            <input value={person} onChange={(e) => setPerson(e.target.value)} required />
          </label>
          <label>
            <span className="small">From ({rotation.timeZone})</span>
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
          </label>
          <label>
            <span className="small">Until</span>
            <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
          </label>
          <div className="actions">
            <button type="submit">Add override</button>
          </div>
        </form>
      </details>
    </>
  );
}

function Members({ source, run }: { source: SourceStatus; run: (key: string, call: () => Promise<unknown>) => Promise<void> }) {
  const rotation = source.rotation!;
  const [members, setMembers] = useState(rotation.members.join(', '));
  const list = members.split(/[\n,;]+/).map((m) => m.trim()).filter(Boolean);
  return (
    <details>
      <summary className="small">Members ({rotation.members.join(', ')})</summary>
      <form
        className="form row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(`mem-${source.id}`, () => api.updateScheduleSource({ id: source.id, rotation: { ...rotation, members: list } }));
        }}
      >
        <label>
          <span className="small">Members, in order</span>
          <input value={members} onChange={(e) => setMembers(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" disabled={list.length === 0}>
            Save members
          </button>
        </div>
      </form>
    </details>
  );
}

function RefreshInterval({ minutes, onSave }: { minutes: number; onSave: (m: number) => void }) {
  const [value, setValue] = useState(minutes);
  return (
    <form
      className="form row"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value);
      }}
    >
      <label>
        <span className="small">Refresh calendar links every (minutes)</span>
        <input type="number" min={1} max={1440} value={value} onChange={(e) => setValue(Number(e.target.value))} />
      </label>
      <div className="actions">
        <button type="submit">Save</button>
      </div>
    </form>
  );
}
