import { useEffect, useState } from 'react';
import { useStore } from '../store';
import { VIEWS } from '../navigation';
import { Notices } from './Notices';
import { useNoteShortcut } from '../features/log/useNoteShortcut';
import { loadedView, preloadViews } from '../view-loader';
import { errorMessage } from '../api';
import { useShortcuts } from '../ui/shortcuts';
import { ViewIcon } from './icons';
import { ShortcutSheet } from './ShortcutSheet';
import { PageAnnouncer } from './PageAnnouncer';

export function App() {
  const view = useStore((s) => s.route.view);
  const navigate = useStore((s) => s.navigate);
  const loaded = useStore((s) => s.state !== null);
  const loadError = useStore((s) => s.loadError);
  const theme = useStore((s) => s.state?.settings.theme ?? 'system');
  const unacknowledged = useStore((s) => s.state?.pages.open.filter((p) => p.status === 'triggered').length ?? 0);
  useNoteShortcut();
  const [sheetOpen, setSheetOpen] = useState(false);
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

  useShortcuts('Everywhere', [
    ...VIEWS.map((v) => ({
      keys: [`Ctrl+${v.digit}`],
      label: `Go to ${v.label}`,
      whileTyping: true,
      run: () => {
        navigate({ view: v.id });
        document.getElementById('main')?.focus();
      },
    })),
    { keys: ['?'], label: 'Show these shortcuts', run: () => setSheetOpen(true) },
  ]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Baton">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark" /> <span className="brand-name">Baton</span>
        </div>
        <ul role="list">
          {VIEWS.map((v) => (
            <li key={v.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={view === v.id ? 'page' : undefined}
                aria-keyshortcuts={`Control+${v.digit}`}
                onClick={() => navigate({ view: v.id })}
                title={`${v.label} (Ctrl+${v.digit})`}
              >
                <ViewIcon name={v.id} />
                <span className="nav-label">{v.label}</span>
                {v.id === 'pages' && unacknowledged > 0 ? (
                  <span className="nav-count">
                    <span aria-hidden="true">{unacknowledged}</span>
                    <span className="sr-only">, {unacknowledged} unacknowledged</span>
                  </span>
                ) : null}
                <kbd aria-hidden="true">{v.digit}</kbd>
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="nav-item nav-help" onClick={() => setSheetOpen(true)} title="Keyboard shortcuts (?)" aria-keyshortcuts="?">
          <ViewIcon name="help" />
          <span className="nav-label">Shortcuts</span>
          <kbd aria-hidden="true">?</kbd>
        </button>
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
      <PageAnnouncer />
      <ShortcutSheet open={sheetOpen} onClose={() => setSheetOpen(false)} />
    </div>
  );
}
