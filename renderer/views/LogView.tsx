import { useEffect } from 'react';
import { useStore } from '../store';
import { NoteEditor } from '../components/log/NoteEditor';
import { Followups } from '../components/log/Followups';
import { LogList } from '../components/log/LogList';
import { useNoteDraft } from '../components/log/noteDraft';

/** The action log: a note editor, the open follow-ups and every journal entry, newest first. */
export function LogView() {
  const focus = useStore((s) => s.focus);
  const unavailable = useStore((s) => s.state?.journal?.unavailable ?? null);

  // `n`, Ctrl+Shift+N or the tray's "Add note…" land here with focus 'new-note'.
  useEffect(() => {
    if (focus !== 'new-note') return;
    useNoteDraft.getState().requestFocus();
    useStore.setState({ focus: null });
  }, [focus]);

  return (
    <section className="view log-view" aria-labelledby="view-title">
      <h1 id="view-title">Log</h1>
      {unavailable && (
        <div role="alert" className="banner banner-error">
          <p>{unavailable}. New notes cannot be saved until this is fixed; what you type stays in the editor.</p>
        </div>
      )}
      <div className="log-top">
        <NoteEditor />
        <Followups />
      </div>
      <LogList />
    </section>
  );
}
