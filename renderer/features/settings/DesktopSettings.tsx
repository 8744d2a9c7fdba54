import { useStore } from '../../store';

/** How Baton sits on this desktop: which way notifications are shown, and whether they can be acted on. */
export function DesktopSettings() {
  const desktop = useStore((s) => s.state?.desktop);
  const notifier = desktop?.notifier;
  return (
    <div className="card" aria-labelledby="desktop-title">
      <h2 id="desktop-title">On this desktop</h2>
      <p role="status">
        <strong>Notifications: </strong>
        {!notifier
          ? 'Baton is finding out how this desktop shows notifications.'
          : notifier.actions
            ? 'a click opens the page, and Acknowledge works from the notification.'
            : 'shown, but a click or a button on them does nothing here; acknowledge pages in Baton or from the tray.'}
      </p>
      {notifier ? <p className="muted">{`Shown through ${notifier.detail}.`}</p> : null}
    </div>
  );
}
