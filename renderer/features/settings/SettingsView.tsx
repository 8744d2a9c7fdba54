import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import type { Settings } from '../../../shared/settings';
import { isPaused } from '../../../shared/pause';
import { formatDateTime } from '../../../shared/time';
import { PageSourcesSettings } from '../pages/PageSources';
import { ZoneSelect } from '../../ui/ZoneSelect';
import { TerminalSettings } from './TerminalSettings';
import { DesktopSettings } from './DesktopSettings';
import { EscalationSettings } from './EscalationSettings';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

export function SettingsView() {
  const settings = useStore((s) => s.state?.settings);
  if (!settings) return null;
  return (
    <section className="view settings-view" aria-labelledby="view-title">
      <h1 id="view-title">Settings</h1>
      <GeneralForm settings={settings} />
      <PauseControls />
      <EscalationSettings />
      <DesktopSettings />
      <PageSourcesSettings />
      <TerminalSettings />
    </section>
  );
}

function GeneralForm({ settings }: { settings: Settings }) {
  const systemZone = useStore((s) => s.state?.app.systemTimeZone ?? 'UTC');
  const [name, setName] = useState(settings.identity.name);
  const [emails, setEmails] = useState(settings.identity.emails.join(', '));
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [theme, setTheme] = useState(settings.theme);
  const [repeatMinutes, setRepeatMinutes] = useState(settings.notifications.repeatMinutes);
  const [sound, setSound] = useState(settings.notifications.sound);
  const [stormWindowSeconds, setStormWindowSeconds] = useState(settings.notifications.stormWindowSeconds);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      await api.updateSettings({
        identity: { name, emails: emails.split(/[\s,;]+/).filter(Boolean) },
        timeZone,
        theme,
        notifications: { repeatMinutes, sound, stormWindowSeconds },
      });
      setStatus({ kind: 'saved' });
    } catch (error) {
      // The draft stays in the form so nothing typed is lost.
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="general-title">
      <h2 id="general-title">You</h2>
      <label>
        <span>Your name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" placeholder="Alice Example" />
        <small className="muted">Used to find your shifts in schedules and to sign acknowledgements.</small>
      </label>
      <label>
        <span>Your e-mail addresses</span>
        <input value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="alice@example.com" />
        <small className="muted">Comma-separated; matched against calendar attendees.</small>
      </label>
      <h2>Display</h2>
      <label>
        <span>Time zone</span>
        <ZoneSelect value={timeZone} onChange={setTimeZone} systemLabel={`System (${systemZone})`} />
      </label>
      <label>
        <span>Theme</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as Settings['theme'])}>
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <h2>Notifications</h2>
      <label>
        <span>Repeat unacknowledged pages every (minutes)</span>
        <input
          type="number"
          min={1}
          max={60}
          value={repeatMinutes}
          onChange={(e) => setRepeatMinutes(Number(e.target.value))}
        />
      </label>
      <label>
        <span>Group pages from one source arriving within (seconds)</span>
        <input
          type="number"
          min={0}
          max={60}
          value={stormWindowSeconds}
          onChange={(e) => setStormWindowSeconds(Number(e.target.value))}
        />
        <small className="muted">During a storm the first page notifies at once and the rest become one notification; a critical page is never held. 0 notifies each page alone.</small>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
        <span>Play a sound with pages</span>
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save settings'}
        </button>
        <span role="status" className={status.kind === 'error' ? 'error-text' : 'muted'}>
          {status.kind === 'saved' ? 'Saved.' : status.kind === 'error' ? `Not saved: ${status.message}` : ''}
        </span>
      </div>
    </form>
  );
}

function PauseControls() {
  const pause = useStore((s) => s.state?.pause);
  const zone = useTimeZone();
  const [error, setError] = useState<string | null>(null);
  if (!pause) return null;
  const paused = isPaused(pause, Date.now());
  const run = (call: () => Promise<unknown>) => call().then(() => setError(null), (e: unknown) => setError(errorMessage(e)));
  return (
    <div className="card" aria-labelledby="pause-title">
      <h2 id="pause-title">Pause notifications</h2>
      <p role="status">
        {paused
          ? pause.indefinite || !pause.until
            ? 'Paused until you resume.'
            : `Paused until ${formatDateTime(pause.until, zone)}.`
          : 'Notifications are on.'}
      </p>
      <div className="actions">
        {paused ? (
          <button type="button" onClick={() => run(() => api.resumeNotifications())}>
            Resume now
          </button>
        ) : (
          <>
            <button type="button" onClick={() => run(() => api.pauseNotifications({ minutes: 15 }))}>
              15 min
            </button>
            <button type="button" onClick={() => run(() => api.pauseNotifications({ minutes: 60 }))}>
              1 hour
            </button>
            <button type="button" onClick={() => run(() => api.pauseNotifications({ indefinite: true }))}>
              Until resumed
            </button>
          </>
        )}
      </div>
      {error ? <p className="error-text">{error}</p> : null}
    </div>
  );
}
