import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startSubscriptions } from './subscriptions';
// All styles load with the app (they are small); views themselves load lazily (App.tsx).
import './styles.css';
import './components/shifts/shifts.css';
import './components/pages/pages.css';
import './views/LogView.css';
import './views/handoff.css';

const root = document.getElementById('root');
if (!('baton' in window)) {
  // Loaded outside Baton (or the preload failed): say so instead of crashing on a missing API.
  if (root) root.textContent = 'Baton could not connect to its main process. Restart Baton; if this persists, see the log.';
} else if (root) {
  startSubscriptions();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
