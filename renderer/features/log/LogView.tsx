import { useEffect } from 'react';
import { useStore } from '../../store';
import { NoteEditor } from './NoteEditor';
import { Followups } from './Followups';
import { LogList } from './LogList';
import { useNoteDraft } from './noteDraft';

/**
 * The action log: every journal entry, newest first, filling the window's height, with the note editor
 * and the open follow-ups beside it (below it in a narrow window).
 */
export function LogView() {
  const newNote = useStore((s) => s.route.view === 'log' && s.route.newNote === true);
  const unavailable = useStore((s) => s.state?.journal?.unavailable ?? null);

  // `n`, Ctrl+Shift+N or the tray's "Add note…" land here asking for a new note; asked once, then the route is plain Log again.
  useEffect(() => {
    if (!newNote) return;
    useNoteDraft.getState().requestFocus();
    useStore.getState().navigate({ view: 'log' });
  }, [newNote]);

  return (
    <section className="view log-view" aria-labelledby="view-title">
      <h1 id="view-title">Log</h1>
      {unavailable && (
        <div role="alert" className="banner banner-error">
          <p>{unavailable}. New notes cannot be saved until this is fixed; what you type stays in the editor.</p>
        </div>
      )}
      <LogList />
      <div className="log-side">
        <NoteEditor />
        <Followups />
      </div>
    </section>
  );
}
