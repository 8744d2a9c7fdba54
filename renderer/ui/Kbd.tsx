import { keyLabel } from './shortcuts';

/** The shortcut of an action, shown beside it ("Acknowledge  A"); hidden from screen readers, which get aria-keyshortcuts. */
export function Kbd({ keys }: { keys: string }) {
  return (
    <kbd className="kbd" aria-hidden="true">
      {keyLabel(keys)}
    </kbd>
  );
}
