import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import { useTimeZone } from '../../store';
import { nextDay, startOfDayIn } from './range';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

/** Raw export of the log for a range of days (in the user's zone) as JSON Lines or CSV. */
export function ExportLog() {
  const zone = useTimeZone();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: 'busy' });
    try {
      const result = await api.exportLog({
        format,
        from: from ? startOfDayIn(from, zone) : undefined,
        to: to ? startOfDayIn(nextDay(to), zone) : undefined,
      });
      setStatus(
        result.path
          ? { kind: 'done', message: `Saved ${result.count.toLocaleString('en-GB')} entries to ${result.path}` }
          : { kind: 'idle' },
      );
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <details className="log-export">
      <summary>Export…</summary>
      <form onSubmit={submit} className="log-export-form">
        <label>
          <span>From</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span>To (inclusive)</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'jsonl')}>
            <option value="csv">CSV</option>
            <option value="jsonl">JSON Lines</option>
          </select>
        </label>
        <button type="submit" disabled={status.kind === 'busy'}>
          Export
        </button>
        <p className="small" role="status" aria-live="polite">
          {status.kind === 'done' && status.message}
          {status.kind === 'error' && <span className="error-text">{status.message}</span>}
          {status.kind === 'idle' && <span className="muted">Days in {zone}; empty means from the start / up to now.</span>}
        </p>
      </form>
    </details>
  );
}
