import { useEffect, type ReactNode } from 'react';
import { useStore } from './store';
import { VIEWS, type ViewId } from './navigation';
import { Notices } from './components/Notices';
import { Placeholder } from './components/Placeholder';
import { SettingsView } from './views/SettingsView';
import { RunbooksView } from './views/RunbooksView';

const views: Record<ViewId, () => ReactNode> = {
  shift: () => (
    <Placeholder title="Shift" arrives="with schedules">
      Whether you are on call, who is, how long is left, and a 14-day timeline will show here once a schedule
      (a calendar feed or a local rotation) is set up.
    </Placeholder>
  ),
  pages: () => (
    <Placeholder title="Pages" arrives="with alert sources">
      Pages from Alertmanager and webhooks will list here, open ones first, with a one-click Acknowledge.
    </Placeholder>
  ),
  runbooks: () => <RunbooksView />,
  log: () => (
    <Placeholder title="Log" arrives="with the action journal">
      Everything that happens on shift — pages, acks, notes, runbook steps, follow-ups — will be logged here as it
      happens.
    </Placeholder>
  ),
  handoff: () => (
    <Placeholder title="Handoff" arrives="with the handoff report">
      At the end of a shift, the handoff report built from the log will be previewed and exported here.
    </Placeholder>
  ),
  settings: () => <SettingsView />,
};

export function App() {
  const view = useStore((s) => s.view);
  const navigate = useStore((s) => s.navigate);
  const loaded = useStore((s) => s.state !== null);
  const loadError = useStore((s) => s.loadError);
  const theme = useStore((s) => s.state?.settings.theme ?? 'system');

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const target = VIEWS.find((v) => v.digit === event.key);
      if (!target) return;
      event.preventDefault();
      navigate(target.id);
      document.getElementById('main')?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Baton">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark" /> Baton
        </div>
        <ul role="list">
          {VIEWS.map((v) => (
            <li key={v.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={view === v.id ? 'page' : undefined}
                onClick={() => navigate(v.id)}
                title={`${v.label} (Ctrl+${v.digit})`}
              >
                <span>{v.label}</span>
                <kbd aria-hidden="true">{v.digit}</kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1} aria-busy={!loaded}>
        <Notices />
        {loadError ? (
          <div role="alert" className="banner banner-error">
            Baton could not load its state: {loadError}
          </div>
        ) : loaded ? (
          views[view]()
        ) : (
          <p className="muted" role="status">
            Loading…
          </p>
        )}
      </main>
    </div>
  );
}
