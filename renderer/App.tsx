import { useEffect, type ReactNode } from 'react';
import { useStore } from './store';
import { VIEWS, type ViewId } from './navigation';
import { Notices } from './components/Notices';
import { SettingsView } from './views/SettingsView';
import { ShiftView } from './views/ShiftView';
import { LogView } from './views/LogView';
import { useNoteShortcut } from './components/log/useNoteShortcut';
import { PagesView } from './views/PagesView';
import { HandoffView } from './views/HandoffView';
import { RunbooksView } from './views/RunbooksView';

const views: Record<ViewId, () => ReactNode> = {
  shift: () => <ShiftView />,
  pages: () => <PagesView />,
  runbooks: () => <RunbooksView />,
  log: () => <LogView />,
  handoff: () => <HandoffView />,
  settings: () => <SettingsView />,
};

export function App() {
  const view = useStore((s) => s.view);
  const navigate = useStore((s) => s.navigate);
  const loaded = useStore((s) => s.state !== null);
  const loadError = useStore((s) => s.loadError);
  const theme = useStore((s) => s.state?.settings.theme ?? 'system');
  useNoteShortcut();

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
