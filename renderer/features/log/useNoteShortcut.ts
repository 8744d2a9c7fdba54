import { useEffect } from 'react';
import { useStore } from '../../store';

/** Typing into any of these must never be taken over by a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** One keystroke to a new note from anywhere: `n` when not typing in a field, Ctrl/⌘+Shift+N always. */
export function useNoteShortcut(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const chord = (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n';
      const plain = event.key === 'n' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey && !isTyping(event.target);
      if (!chord && !plain) return;
      if (event.repeat) return;
      event.preventDefault();
      useStore.getState().navigate({ view: 'log', newNote: true });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
