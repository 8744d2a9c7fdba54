import { useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorMessage } from '../../api';
import { Time } from '../../ui/Time';
import { NOTE_MAX_BYTES, noteTooLongMessage, utf8Bytes } from '../../../shared/action-log';
import { useNoteDraft } from './noteDraft';

/** Type a note (Ctrl+Enter saves), optionally as a follow-up with owner and due date. */
export function NoteEditor() {
  const draft = useNoteDraft();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const bytes = utf8Bytes(draft.text);
  const tooLong = bytes > NOTE_MAX_BYTES;

  // Take the focus only when asked after mounting (a shortcut, the tray), not on every visit to the view.
  const handledFocus = useRef(draft.focusRequest);
  useEffect(() => {
    if (draft.focusRequest === handledFocus.current) return;
    handledFocus.current = draft.focusRequest;
    textRef.current?.focus();
  }, [draft.focusRequest]);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const { text, asFollowup, owner, due, fromNote, saving } = useNoteDraft.getState();
    if (saving) return;
    if (!text.trim()) return draft.set({ error: 'Type something first.' });
    if (utf8Bytes(text) > NOTE_MAX_BYTES) return draft.set({ error: noteTooLongMessage(utf8Bytes(text)) });
    draft.set({ saving: true, error: null });
    try {
      // A note saved before a failed follow-up is remembered, so a retry does not log it twice.
      const noteId = fromNote?.id ?? (await api.addNote({ text })).id;
      if (asFollowup) {
        draft.set({ fromNote: fromNote ?? { id: noteId, ts: new Date().toISOString() } });
        await api.addFollowup({ text, noteId, owner: owner.trim() || undefined, due: due || undefined });
      }
      draft.reset();
    } catch (error) {
      // Nothing typed is lost: the draft stays as it was, with the reason next to it.
      draft.set({ saving: false, error: errorMessage(error) });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save();
  };

  return (
    <form className="card form note-editor" onSubmit={save} aria-labelledby="note-editor-title">
      <h2 id="note-editor-title">{draft.fromNote ? 'Follow up a note' : 'New note'}</h2>
      {draft.fromNote && (
        <p className="muted small">
          From the note of <Time at={draft.fromNote.ts} />.{' '}
          <button type="button" className="link" onClick={() => draft.reset()}>
            Cancel
          </button>
        </p>
      )}
      <label>
        <span className="sr-only">Note</span>
        <textarea
          id="new-note"
          ref={textRef}
          rows={4}
          value={draft.text}
          placeholder="What did you see, try or decide? (n or Ctrl+Shift+N from anywhere; Ctrl+Enter saves)"
          onChange={(e) => draft.set({ text: e.target.value, error: null })}
          onKeyDown={onKeyDown}
          aria-invalid={tooLong || undefined}
          aria-describedby="note-size"
        />
        <small id="note-size" className={tooLong ? 'error-text' : 'muted'}>
          {(bytes / 1024).toFixed(1)} of 64 KiB
        </small>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.asFollowup}
          disabled={draft.fromNote !== null}
          onChange={(e) => draft.set({ asFollowup: e.target.checked })}
        />
        <span>Mark as a follow-up</span>
      </label>
      {draft.asFollowup && (
        <div className="followup-fields">
          <label>
            <span>Owner (optional)</span>
            <input value={draft.owner} maxLength={200} onChange={(e) => draft.set({ owner: e.target.value })} placeholder="who picks it up" />
          </label>
          <label>
            <span>Due (optional)</span>
            <input type="date" value={draft.due} onChange={(e) => draft.set({ due: e.target.value })} />
          </label>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={draft.saving || tooLong}>
          {draft.saving ? 'Saving…' : draft.asFollowup ? 'Save follow-up' : 'Save note'}
        </button>
        <span role="status" aria-live="polite" className="small">
          {draft.error && <span className="error-text">{draft.error}</span>}
        </span>
      </div>
    </form>
  );
}
