import type { ViewId } from '../navigation';

/** One small line icon per view, for the sidebar when it shrinks to icons (24×24, drawn in currentColor). */
const PATHS: Record<ViewId | 'help', string> = {
  // a clock
  shift: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7v5l3 2',
  // a bell
  pages: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  // a book
  runbooks: 'M5 4h9a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3zM5 17a3 3 0 0 1 3-3h9',
  // lines of a log
  log: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  // a baton passed on: an arrow through a bar
  handoff: 'M4 12h13M13 7l5 5l-5 5M20 5v14',
  // a gear (a circle in a cog outline)
  settings: 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1',
  // bars of a chart
  load: 'M4 20h16M7 16v-5M12 16V6M17 16v-8',
  // a question mark
  help: 'M9 9a3 3 0 1 1 4.5 2.6c-.9.5-1.5 1.2-1.5 2.2V15M12 19h.01',
};

export function ViewIcon({ name }: { name: ViewId | 'help' }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
