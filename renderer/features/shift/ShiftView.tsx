import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import type { ShiftSlice } from '../../../shared/schedule/slice';
import { formatDateTime, formatDuration } from '../../../shared/time';
import { AddSourceForm, todayIn } from './AddSourceForm';
import { SourceList } from './SourceList';
import { Timeline } from './Timeline';
import { Readiness } from './Readiness';
import { useNow } from '../../ui/useNow';
import { SetupChecklist, SetupLink } from '../../ui/SetupChecklist';

/** Am I on call, who is, for how long; 14 days ahead per schedule; where the schedules come from. */
export function ShiftView() {
  const slice = useStore((s) => s.state?.shift);
  const zone = useTimeZone();
  const now = useNow();
  return (
    <section className="view shift-view" aria-labelledby="view-title">
      <h1 id="view-title">Shift</h1>
      <SetupChecklist />
      {!slice ? (
        <p className="muted" role="status">
          Reading schedules…
        </p>
      ) : !slice.configured ? (
        <>
          <FirstRun zone={zone} />
          <Readiness nextStart={null} zone={zone} now={now} />
        </>
      ) : (
        <>
          <Status slice={slice} zone={zone} now={now} />
          <Readiness nextStart={slice.me.onCall ? null : (slice.me.next?.start ?? null)} zone={zone} now={now} />
          {slice.schedules.length === 0 ? (
            <p className="empty">No shifts found in the configured schedules for the coming weeks. Check the sources below.</p>
          ) : (
            slice.schedules.map((schedule) => (
              <article key={schedule.id} className="card schedule-card" aria-labelledby={`sch-${schedule.id}`}>
                <header>
                  <h3 id={`sch-${schedule.id}`}>{schedule.name}</h3>
                </header>
                <dl className="now-next">
                  <dt>Now</dt>
                  <dd>{schedule.now ? `${schedule.now.people.join(' + ')} until ${formatDateTime(schedule.now.end, zone)}` : 'Nobody'}</dd>
                  <dt>Next</dt>
                  <dd>{schedule.next ? `${schedule.next.people.join(' + ')} from ${formatDateTime(schedule.next.start, zone)}` : 'Nothing scheduled'}</dd>
                </dl>
                <Timeline schedule={schedule} from={slice.timeline.from} to={slice.timeline.to} zone={zone} now={now} />
              </article>
            ))
          )}
          <SourceList sources={slice.sources} zone={zone} refreshMinutes={slice.refreshMinutes} />
          <AddSourceForm zone={zone} defaultMembers="" />
        </>
      )}
    </section>
  );
}

function Status({ slice, zone, now }: { slice: ShiftSlice; zone: string; now: number }) {
  const { me, identity } = slice;
  let headline: string;
  if (me.onCall && me.current) headline = `You are on call until ${formatDateTime(me.current.end, zone)} (${formatDuration(Date.parse(me.current.end) - now)} left)`;
  else if (me.next) headline = `Next shift ${formatDateTime(me.next.start, zone)} (in ${formatDuration(Date.parse(me.next.start) - now)})`;
  else if (identity.status === 'matched') headline = 'You have no shift in the coming weeks';
  else headline = 'You are off call';
  const detail = me.onCall && me.current ? me.current.schedules.join(', ') : me.next ? `${me.next.schedules.join(', ')} · until ${formatDateTime(me.next.end, zone)}` : null;
  return (
    <div className="card shift-status" aria-labelledby="status-title">
      <h2 id="status-title" className="muted small">
        Your status
      </h2>
      <p className={`headline${me.onCall ? ' on-call' : ''}`} role="status">
        {headline}
      </p>
      {detail ? <p className="muted">{detail}</p> : null}
      <Identity slice={slice} />
    </div>
  );
}

function Identity({ slice }: { slice: ShiftSlice }) {
  const { identity } = slice;
  const [choice, setChoice] = useState(identity.candidates[0] ?? '');
  const [error, setError] = useState<string | null>(null);
  const pick = (person: string | null) => api.chooseSchedulePerson({ person }).then(() => setError(null), (e: unknown) => setError(errorMessage(e)));
  if (identity.status === 'unset') {
    return (
      <p className="muted small">
        <SetupLink target="name">Set your name and e-mail in Settings</SetupLink> so Baton can find your shifts.
      </p>
    );
  }
  if (identity.status === 'unmatched') {
    return (
      <p className="muted small">
        Your name and e-mail do not appear in these schedules. <SetupLink target="name">Check them in Settings</SetupLink>.
      </p>
    );
  }
  if (identity.status === 'ambiguous') {
    return (
      <form
        className="form row"
        onSubmit={(e) => {
          e.preventDefault();
          void pick(choice);
        }}
      >
        <label>
          <span>Several people in the schedules could be you. Which one are you?</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            {identity.candidates.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            This is me
          </button>
        </div>
        {error ? <p className="error-text">{error}</p> : null}
      </form>
    );
  }
  return (
    <p className="muted small">
      Found you as {identity.people.join(', ')}.{' '}
      <button type="button" className="small" onClick={() => void pick(null)}>
        Not me?
      </button>
      {error ? <span className="error-text"> {error}</span> : null}
    </p>
  );
}

function FirstRun({ zone }: { zone: string }) {
  const name = useStore((s) => s.state?.settings.identity.name ?? '');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const solo = async () => {
    setBusy(true);
    try {
      await api.addScheduleSource({
        kind: 'rotation',
        name: 'My on-call',
        rotation: { members: [name.trim() || 'Me'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', customDays: 7, startDate: todayIn(zone), timeZone: zone, overrides: [] },
      });
      setStatus(null);
    } catch (error) {
      setStatus(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="empty">
        <p>
          <strong>No schedule yet.</strong> If you are the only one on call, start a local rotation with just you — handing over on
          Mondays at 09:00 ({zone}); you can add teammates and overrides later.
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void solo()} disabled={busy}>
            {busy ? 'Creating…' : `Start a rotation with just ${name.trim() || 'me'}`}
          </button>
        </div>
        {!name.trim() ? (
          <p className="muted small">
            Tip: <SetupLink target="name">set your name in Settings</SetupLink> first so Baton recognises you in team schedules.
          </p>
        ) : null}
        <p className="muted">
          Using PagerDuty, Grafana OnCall, Opsgenie or incident.io? Copy your schedule’s calendar export link (it usually starts with
          webcal:// or https:// and contains a secret token) and add it below as a calendar link. Baton fetches it every 15 minutes and
          keeps the last copy for offline use.
        </p>
        {status ? (
          <p className="error-text" role="alert">
            {status}
          </p>
        ) : null}
      </div>
      <AddSourceForm zone={zone} defaultMembers={name} />
    </>
  );
}
