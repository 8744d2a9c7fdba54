import { useState } from 'react';
import { fromLocalInput, toLocalInput, type HandoffRange, type HandoffReport } from '../../../shared/handoff';

/** The current or last shift, or a range of the user's choice (in their zone). */
export function RangePicker({ range, report, zone, onChange }: { range: HandoffRange; report: HandoffReport | null; zone: string; onChange: (r: HandoffRange) => void }) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<string | null>(null);

  const chooseCustom = () => {
    const s = report ? toLocalInput(Date.parse(report.header.window.start), zone) : '';
    const e = report ? toLocalInput(Date.parse(report.header.window.end), zone) : '';
    setStart(s);
    setEnd(e);
    apply(s, e);
  };
  const apply = (s: string, e: string) => {
    const from = fromLocalInput(s, zone);
    const to = fromLocalInput(e, zone);
    if (from === null || to === null) return setError('Choose a start and an end.');
    if (to <= from) return setError('The end must be after the start.');
    setError(null);
    onChange({ kind: 'custom', start: new Date(from).toISOString(), end: new Date(to).toISOString() });
  };

  return (
    <fieldset className="card handoff-range">
      <legend>Which stretch of time</legend>
      <div className="actions">
        <label className="checkbox">
          <input type="radio" name="handoff-range" checked={range.kind === 'shift'} onChange={() => onChange({ kind: 'shift' })} />
          <span>{report?.header.scheduleName ? `Current or last shift (${report.header.scheduleName})` : 'Current or last shift (else the last 7 days)'}</span>
        </label>
        <label className="checkbox">
          <input type="radio" name="handoff-range" checked={range.kind === 'custom'} onChange={chooseCustom} />
          <span>A range of my choice</span>
        </label>
      </div>
      {range.kind === 'custom' ? (
        <div className="actions">
          <label>
            <span>From ({zone})</span>
            <input type="datetime-local" value={start} onChange={(e) => (setStart(e.target.value), apply(e.target.value, end))} />
          </label>
          <label>
            <span>To ({zone})</span>
            <input type="datetime-local" value={end} onChange={(e) => (setEnd(e.target.value), apply(start, e.target.value))} />
          </label>
          {error ? <span className="error-text">{error}</span> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
