import { useStore } from '../../store';
import { useShortcuts } from '../../ui/shortcuts';

const newNote = () => useStore.getState().navigate({ view: 'log', newNote: true });

/**
 * One keystroke to a new note from anywhere: `n` whenever the user is not typing in a text field
 * (on a ticked checkbox or a button too), Ctrl/⌘+Shift+N always. Registered with the window's
 * shortcuts, so the `?` sheet lists them.
 */
export function useNoteShortcut(): void {
  useShortcuts('Everywhere', [
    { keys: ['n'], label: 'Add a note', run: (event) => !event.repeat && newNote() },
    { keys: ['Ctrl+Shift+N'], label: 'Add a note (also while typing)', whileTyping: true, run: (event) => !event.repeat && newNote() },
  ]);
}
