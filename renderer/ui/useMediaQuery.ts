import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now, kept current as the window is resized. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (listener) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    () => window.matchMedia(query).matches,
    // The build-time first frame (renderer/first-frame.tsx) has no window: laid out by CSS alone.
    () => false,
  );
}
