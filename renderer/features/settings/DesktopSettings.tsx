import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore } from '../../store';
import { Time } from '../../ui/Time';
import type { UpdateState } from '../../../shared/desktop';

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
      {desktop?.updates ? <Updates updates={desktop.updates} /> : null}
    </div>
  );
}

function Updates({ updates }: { updates: UpdateState }) {
  const [error, setError] = useState<string | null>(null);
  const checking = updates.status === 'checking' || updates.status === 'downloading';
  const line = (() => {
    switch (updates.status) {
      case 'off':
        return `Baton ${updates.current} does not update itself: ${updates.reason ?? ''}`;
      case 'idle':
        return `Baton ${updates.current}. Updates are checked once a day.`;
      case 'checking':
        return 'Checking for updates…';
      case 'downloading':
        return `Downloading Baton ${updates.available ?? ''} in the background${updates.percent !== undefined ? ` (${updates.percent} %)` : ''}…`;
      case 'ready':
        return `Baton ${updates.available ?? ''} is downloaded and is installed when you quit Baton. Baton never restarts by itself.`;
      case 'current':
        return `Baton ${updates.current} is the latest version.`;
      case 'error':
        return `The last check failed: ${updates.error ?? 'unknown error'}. Baton tries again tomorrow.`;
    }
  })();
  return (
    <div className="desktop-updates">
      <p role="status" className="desktop-detail">
        <strong>Updates: </strong>
        {line}
        {updates.checkedAt && updates.status !== 'checking' ? (
          <>
            {' Last checked '}
            <Time at={updates.checkedAt} />.
          </>
        ) : null}
      </p>
      {updates.status !== 'off' && updates.status !== 'ready' ? (
        <button type="button" disabled={checking} onClick={() => api.checkForUpdates().then(() => setError(null), (e: unknown) => setError(errorMessage(e)))}>
          {checking ? 'Checking…' : 'Check for updates'}
        </button>
      ) : null}
      {error ? <p className="error-text">{error}</p> : null}
    </div>
  );
}
