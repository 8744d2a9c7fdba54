import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useQuery } from '../../ui/useQuery';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';
import { SOUND_NAMES, type EscalationView, type LadderStep } from '../../../shared/escalation';
import { SEVERITIES } from '../../../shared/pages';
import type { Severity } from '../../../shared/events';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOLD_BELOW: { value: EscalationView['rules']['supportHours']['holdBelow']; label: string }[] = [
  { value: 'high', label: 'warning and info pages' },
  { value: 'warning', label: 'info pages only' },
  { value: 'critical', label: 'high, warning and info pages' },
];

/** The repeat intervals as typed ("5, 2, 1"), read into minutes, or the reason they cannot be. */
function readIntervals(text: string): { minutes: number[] } | { error: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const minutes = parts.map(Number);
  if (minutes.some((m) => !Number.isInteger(m) || m < 1 || m > 60)) return { error: 'Use whole minutes from 1 to 60, separated by commas (e.g. 5, 2, 1).' };
  if (minutes.length > 10) return { error: 'At most 10 intervals.' };
  if (minutes.some((m, i) => i > 0 && m > minutes[i - 1])) return { error: 'Each interval must be as short as the one before or shorter: the repeats come faster, never slower.' };
  return { minutes };
}

/**
 * Settings → Escalation: per severity, how pages repeat (intervals that shorten), which sound they
 * play and the louder one after N unacknowledged repeats; and support hours, outside which pages
 * below a chosen severity wait for one digest. Critical pages always break through.
 */
export function EscalationSettings() {
  const query = useQuery('escalation', () => api.getEscalation());
  if (query.error) return <p role="alert" className="card error-text">Escalation rules could not be read: {query.error}</p>;
  if (!query.data) return null;
  return <EscalationForm view={query.data} held={query.data.held} onSaved={query.reload} />;
}

function EscalationForm({ view, held, onSaved }: { view: EscalationView; held: { count: number; until: string } | null; onSaved: () => void }) {
  const [value, setValue] = useState<EscalationView>({ rules: view.rules, hours: view.hours });
  const [intervals, setIntervals] = useState<Record<Severity, string>>(() =>
    Object.fromEntries(SEVERITIES.map((s) => [s, view.rules.ladder[s].repeatMinutes.join(', ')])) as Record<Severity, string>,
  );
  const [status, setStatus] = useState<Status>(IDLE);

  const errors: Partial<Record<Severity | 'hours', string>> = {};
  for (const s of SEVERITIES) {
    const read = readIntervals(intervals[s]);
    if ('error' in read) errors[s] = read.error;
  }
  const support = value.rules.supportHours;
  if (support.enabled && value.hours.days.length === 0) errors.hours = 'Choose at least one support day, or turn holding off.';
  else if (support.enabled && value.hours.start === value.hours.end) errors.hours = 'Support hours must start and end at different times.';

  const setStep = (s: Severity, patch: Partial<LadderStep>) =>
    setValue((v) => ({ ...v, rules: { ...v.rules, ladder: { ...v.rules.ladder, [s]: { ...v.rules.ladder[s], ...patch } } } }));
  const setSupport = (patch: Partial<EscalationView['rules']['supportHours']>) => setValue((v) => ({ ...v, rules: { ...v.rules, supportHours: { ...v.rules.supportHours, ...patch } } }));
  const setHours = (patch: Partial<EscalationView['hours']>) => setValue((v) => ({ ...v, hours: { ...v.hours, ...patch } }));

  const save = async () => {
    if (Object.keys(errors).length > 0) {
      setStatus({ kind: 'error', message: 'Not saved: fix the fields marked above.' });
      return;
    }
    const ladder = { ...value.rules.ladder };
    for (const s of SEVERITIES) ladder[s] = { ...ladder[s], repeatMinutes: (readIntervals(intervals[s]) as { minutes: number[] }).minutes };
    setStatus({ kind: 'busy', what: 'Saving' });
    try {
      await api.updateEscalation({ rules: { ...value.rules, ladder }, hours: value.hours });
      setStatus({ kind: 'done', message: 'Saved; the next notification follows the new rules.' });
      onSaved();
    } catch (error) {
      setStatus({ kind: 'error', message: `Not saved: ${errorMessage(error)}` });
    }
  };

  return (
    <form
      className="card form escalation-settings"
      aria-labelledby="escalation-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="escalation-title">Escalation and support hours</h2>
      <p className="small muted">
        Critical and high pages repeat until acknowledged. Give each severity repeat intervals that shorten (minutes, e.g. 5, 2, 1; the last one keeps
        repeating; empty uses the repeat interval above), its own sound, and a louder sound after a number of unacknowledged repeats.
      </p>
      {SEVERITIES.map((s) => {
        const step = value.rules.ladder[s];
        const error = errors[s];
        const repeats = s === 'critical' || s === 'high';
        return (
          <fieldset key={s} className="escalation-step">
            <legend>{s[0].toUpperCase() + s.slice(1)} pages</legend>
            <div className="row">
              {repeats && (
                <label>
                  <span>Repeat after (minutes)</span>
                  <input
                    inputMode="numeric"
                    value={intervals[s]}
                    placeholder="repeat interval above"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `interval-error-${s}` : undefined}
                    onChange={(e) => setIntervals((all) => ({ ...all, [s]: e.target.value }))}
                  />
                </label>
              )}
              <label>
                <span>Sound</span>
                <select value={step.sound} onChange={(e) => setStep(s, { sound: e.target.value as LadderStep['sound'] })}>
                  {SOUND_NAMES.map((n) => (
                    <option key={n}>{n}</option>
                  ))}
                </select>
              </label>
              {repeats && (
                <>
                  <label>
                    <span>Louder after (repeats, 0 = never)</span>
                    <input type="number" min={0} max={20} value={step.louderAfter} onChange={(e) => setStep(s, { louderAfter: Math.max(0, Math.min(20, Math.trunc(Number(e.target.value) || 0))) })} />
                  </label>
                  <label>
                    <span>Louder sound</span>
                    <select value={step.louderSound} onChange={(e) => setStep(s, { louderSound: e.target.value as LadderStep['louderSound'] })}>
                      {SOUND_NAMES.map((n) => (
                        <option key={n}>{n}</option>
                      ))}
                    </select>
                  </label>
                </>
              )}
            </div>
            {error && (
              <p id={`interval-error-${s}`} className="error-text small">
                {error}
              </p>
            )}
          </fieldset>
        );
      })}
      <fieldset>
        <legend>Support hours</legend>
        <label className="checkbox">
          <input type="checkbox" checked={support.enabled} onChange={(e) => setSupport({ enabled: e.target.checked })} />
          <span>Outside support hours, hold pages and deliver them as one digest when support hours begin</span>
        </label>
        <label>
          <span>Hold</span>
          <select value={support.holdBelow} disabled={!support.enabled} onChange={(e) => setSupport({ holdBelow: e.target.value as typeof support.holdBelow })}>
            {HOLD_BELOW.map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </select>
        </label>
        <div className="row" role="group" aria-label="Support days">
          {DAYS.map((day, i) => (
            <label key={day} className="checkbox">
              <input
                type="checkbox"
                checked={value.hours.days.includes(i + 1)}
                onChange={(e) => setHours({ days: e.target.checked ? [...value.hours.days, i + 1].sort() : value.hours.days.filter((d) => d !== i + 1) })}
              />
              {day}
            </label>
          ))}
        </div>
        <div className="row">
          <label>
            <span>From</span>
            <input type="time" value={value.hours.start} required onChange={(e) => setHours({ start: e.target.value })} aria-invalid={errors.hours ? true : undefined} />
          </label>
          <label>
            <span>to</span>
            <input type="time" value={value.hours.end} required onChange={(e) => setHours({ end: e.target.value })} aria-invalid={errors.hours ? true : undefined} />
          </label>
        </div>
        {errors.hours && <p className="error-text small">{errors.hours}</p>}
        <p className="small muted">
          Critical pages always break through, and a held page that becomes critical does too. Held pages are in the Pages view at once; only the
          notification waits. Support hours are your business hours of the Load view, in your time zone.
        </p>
        {held && (
          <p className="small">
            {held.count} page{held.count === 1 ? '' : 's'} held until <Time at={held.until} />
          </p>
        )}
      </fieldset>
      <div className="actions">
        <button type="submit">Save escalation rules</button>
      </div>
      <StatusLine status={status} alertOnError />
    </form>
  );
}
