import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore } from '../../store';

/** How Baton sits on this desktop: which way notifications are shown, and whether Baton starts at login. */
export function DesktopSettings() {
  const desktop = useStore((s) => s.state?.desktop);
  const notifier = desktop?.notifier;
  const launch = desktop?.launchAtLogin;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const switchLaunch = async (on: boolean) => {
    setBusy(true);
    try {
      await api.setLaunchAtLogin({ on });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" aria-labelledby="desktop-title">
      <h2 id="desktop-title">On this desktop</h2>
      {launch ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={launch.on} disabled={busy} onChange={(e) => void switchLaunch(e.target.checked)} aria-describedby="launch-where" />
            <span>Start Baton when I log in</span>
          </label>
          <p id="launch-where" className="muted desktop-detail">
            {launch.choice === 'unset'
              ? 'Turned on by itself when you add your first shift, so no page is missed after a restart. '
              : launch.choice === 'on' && !launch.on
                ? 'Turned off in the system’s own startup settings. '
                : ''}
            {`Baton starts in the tray, without its window. Set in ${launch.where}.`}
          </p>
          {error ? <p className="error-text">{error}</p> : null}
        </>
      ) : null}
      <p role="status">
        <strong>Notifications: </strong>
        {!notifier
          ? 'Baton is finding out how this desktop shows notifications.'
          : notifier.actions
            ? 'a click opens the page, and Acknowledge works from the notification.'
            : 'shown, but a click or a button on them does nothing here; acknowledge pages in Baton or from the tray.'}
      </p>
      {notifier ? <p className="muted desktop-detail">{`Shown through ${notifier.detail}.`}</p> : null}
    </div>
  );
}
