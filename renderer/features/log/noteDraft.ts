import { create } from 'zustand';

/**
 * The note being typed, outside any component, so it survives navigating away, a failed save and
 * the editor unmounting: text typed on shift is never lost to the UI.
 */
export interface NoteDraft {
  text: string;
  asFollowup: boolean;
  owner: string;
  due: string;
  /** Set when the draft turns an existing note into a follow-up (from the log), or after the note part saved. */
  fromNote: { id: string; ts: string } | null;
  saving: boolean;
  error: string | null;
  /** Bumped to ask the editor to take the keyboard focus. */
  focusRequest: number;
  set(patch: Partial<Omit<NoteDraft, 'set' | 'reset' | 'followUpNote' | 'requestFocus'>>): void;
  reset(): void;
  /** Start a follow-up from a note in the log. */
  followUpNote(note: { id: string; ts: string; text: string }): void;
  requestFocus(): void;
}

const empty = { text: '', asFollowup: false, owner: '', due: '', fromNote: null, saving: false, error: null };

export const useNoteDraft = create<NoteDraft>()((set) => ({
  ...empty,
  focusRequest: 0,
  set: (patch) => set(patch),
  reset: () => set(empty),
  followUpNote: (note) =>
    set((s) => ({ text: note.text, asFollowup: true, fromNote: { id: note.id, ts: note.ts }, error: null, focusRequest: s.focusRequest + 1 })),
  requestFocus: () => set((s) => ({ focusRequest: s.focusRequest + 1 })),
}));
