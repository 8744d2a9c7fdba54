import { useEffect, useState } from 'react';
import { useStore } from '../store';
import { VIEWS } from '../navigation';
import { Notices } from './Notices';
import { useNoteShortcut } from '../features/log/useNoteShortcut';
import { loadedView, preloadViews } from '../view-loader';
import { errorMessage } from '../api';

export function App() {
  const view = useStore((s) => s.route.view);
  const navigate = useStore((s) => s.navigate);
  const loaded = useStore((s) => s.state !== null);
  const loadError = useStore((s) => s.loadError);
  const theme = useStore((s) => s.state?.settings.theme ?? 'system');
  useNoteShortcut();
  const [viewsError, setViewsError] = useState<string | null>(null);
  const [, setViewsLoaded] = useState(false);

  useEffect(() => {
    // Once the first view is painted and the page is idle, so loading the others never delays it.
    const idle = requestIdleCallback(
      () =>
        void preloadViews().then(
          () => setViewsLoaded(true),
          (error: unknown) => setViewsError(errorMessage(error)),
        ),
      { timeout: 1000 },
    );
    return () => cancelIdleCallback(idle);
  }, []);
  const View = loadedView(view);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const target = VIEWS.find((v) => v.digit === event.key);
      if (!target) return;
      event.preventDefault();
      navigate({ view: target.id });
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
                onClick={() => navigate({ view: v.id })}
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
        ) : loaded || view === 'shift' ? (
          // The first view ships in the app bundle and shows its own "reading…" until the state is in,
          // so its heading paints without waiting for main (and is in the build-time first frame).
          View ? (
            <View />
          ) : viewsError ? (
            <div role="alert" className="banner banner-error">
              This view could not be loaded: {viewsError}
            </div>
          ) : (
            <p className="muted" role="status">
              Loading…
            </p>
          )
        ) : (
          <p className="muted" role="status">
            Loading…
          </p>
        )}
      </main>
    </div>
  );
}
