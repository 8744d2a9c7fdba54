import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App';
import { startSubscriptions } from './subscriptions';
// Every stylesheet ships in app.css, in this order (they are small); views themselves load lazily
// (view-loader.ts). Colours come from ui/theme.css; ui/ is the shared layer; each feature's
// stylesheet lives with the feature and scopes every rule under the root of what it styles.
import './ui/theme.css';
import './ui/base.css';
import './ui/ui.css';
import './ui/dialog.css';
import './shell/shell.css';
import './features/shift/shift.css';
import './features/pages/pages.css';
import './features/runbooks/runbooks.css';
import './features/log/log.css';
import './features/handoff/handoff.css';
import './features/settings/desktop.css';
import './features/handoff/shift-health.css';
import './features/load/load.css';

const root = document.getElementById('root');
if (!('baton' in window)) {
  // Loaded outside Baton (or the preload failed): say so instead of crashing on a missing API.
  if (root) root.textContent = 'Baton could not connect to its main process. Restart Baton; if this persists, see the log.';
} else if (root) {
  startSubscriptions();
  // The tray popover is this renderer at #popover, in its own small window; its code (which reads
  // schemas) loads only there, so the window's first bundle stays as small as it was.
  const reactRoot = createRoot(root);
  if (location.hash === '#popover') {
    void import('./shell/Popover').then(({ Popover }) => reactRoot.render(<StrictMode><Popover /></StrictMode>));
  } else {
    reactRoot.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
}
