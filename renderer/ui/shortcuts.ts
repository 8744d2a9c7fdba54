import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The keyboard shortcuts of the window, in one registry: each view registers what it offers while it
 * is shown (`useShortcuts`), one keydown listener runs them, and the shortcut sheet (`?`) lists
 * exactly what is registered, grouped by where it works. A shortcut never fires while the user types
 * in a text field; on checkboxes, buttons and links it does (there is nothing to type there).
 */
export interface Shortcut {
  /** Keys as KeyboardEvent.key gives them ('j', 'ArrowDown', 'Enter', '?', '/'); 'Ctrl+2' for a chord with Ctrl or ⌘. */
  keys: readonly string[];
  /** What it does, as the sheet says it ("Acknowledge the selected page"). */
  label: string;
  run(event: KeyboardEvent): void;
  /** Only when this holds (e.g. focus inside the list); the sheet still lists it. */
  when?(event: KeyboardEvent): boolean;
  /** Runs even while typing in a field (chords such as Ctrl+Shift+N, or Escape to leave a field). */
  whileTyping?: boolean;
}

interface Group {
  id: number;
  /** Where the shortcuts work: "Everywhere", "Pages". */
  scope: string;
  shortcuts: readonly Shortcut[];
}

let groups: Group[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** Inputs one types into; on a checkbox, radio, button or range a letter is free for a shortcut. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color', 'image', 'range']);

/** True when a key pressed here is text the user types (a text field, a select's type-ahead, an editable element). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

/** The key as the registry names it: 'a', 'Enter', or 'Ctrl+2' / 'Ctrl+Shift+N' for chords (⌘ counts as Ctrl). */
export function keyName(event: KeyboardEvent): string {
  const mods = [event.ctrlKey || event.metaKey ? 'Ctrl' : '', event.altKey ? 'Alt' : ''].filter(Boolean);
  // Shift is named only in chords: '?' and 'A' already say it.
  if (mods.length > 0 && event.shiftKey) mods.push('Shift');
  const key = event.key.length === 1 && mods.length > 0 ? event.key.toUpperCase() : event.key;
  return [...mods, key].join('+');
}

function dispatch(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  // A modal dialog owns the keyboard (Escape closes it, Tab stays inside it).
  if (document.querySelector('dialog:modal')) return;
  const name = keyName(event);
  const typing = isTextEntry(event.target);
  // Later registrations (the view shown now) win over earlier ones (the shell).
  for (let g = groups.length - 1; g >= 0; g--) {
    for (const shortcut of groups[g].shortcuts) {
      if (!shortcut.keys.includes(name)) continue;
      if (typing && !shortcut.whileTyping) continue;
      if (shortcut.when && !shortcut.when(event)) continue;
      event.preventDefault();
      shortcut.run(event);
      return;
    }
  }
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', dispatch);
}

/** Registers shortcuts while the calling component is mounted; `shortcuts` may change on every render. */
export function useShortcuts(scope: string, shortcuts: readonly Shortcut[]): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  const labels = shortcuts.map((s) => `${s.keys.join('/')}=${s.label}`).join('|');
  useEffect(() => {
    install();
    const id = nextId++;
    // Indirection, so a re-render's new closures run without re-registering.
    const live = latest.current.map((_, i) => ({
      get keys() {
        return latest.current[i]?.keys ?? [];
      },
      get label() {
        return latest.current[i]?.label ?? '';
      },
      get whileTyping() {
        return latest.current[i]?.whileTyping;
      },
      run: (event: KeyboardEvent) => latest.current[i]?.run(event),
      when: (event: KeyboardEvent) => latest.current[i]?.when?.(event) ?? true,
    }));
    groups = [...groups, { id, scope, shortcuts: live }];
    changed();
    return () => {
      groups = groups.filter((g) => g.id !== id);
      changed();
    };
    // Re-registered when what the sheet shows changes (keys or labels), not on every render.
  }, [scope, labels]);
}

export interface ShortcutSection {
  scope: string;
  items: { keys: readonly string[]; label: string }[];
}

let snapshot: ShortcutSection[] = [];
let snapshotOf: Group[] | null = null;
function sections(): ShortcutSection[] {
  if (snapshotOf === groups) return snapshot;
  snapshotOf = groups;
  const byScope = new Map<string, ShortcutSection>();
  for (const group of groups) {
    const section = byScope.get(group.scope) ?? { scope: group.scope, items: [] };
    byScope.set(group.scope, section);
    for (const s of group.shortcuts) section.items.push({ keys: s.keys, label: s.label });
  }
  snapshot = [...byScope.values()];
  return snapshot;
}

/** What is registered now, by scope, for the shortcut sheet. */
export function useRegisteredShortcuts(): ShortcutSection[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sections,
    // The build-time first frame (renderer/first-frame.tsx) renders with nothing registered yet.
    sections,
  );
}

/** A key as the sheet and the hints beside buttons write it. */
export function keyLabel(key: string): string {
  const names: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc', Enter: 'Enter', ' ': 'Space' };
  return key
    .split('+')
    .map((part) => names[part] ?? part)
    .join('+');
}
