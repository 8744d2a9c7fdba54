import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

/**
 * The one staleness rule for everything the renderer asks main for: an answer is used only if it
 * answers the key the component shows now. A newer key, a reload or unmounting makes every older
 * answer stale, so a slow answer can never overwrite a newer one or touch an unmounted component.
 * Returns the check to run when an answer arrives.
 */
export function useCurrentKey(key: string | null): (askedFor: string) => boolean {
  const current = useRef(key);
  useLayoutEffect(() => {
    current.current = key;
    return () => {
      current.current = null;
    };
  }, [key]);
  return useCallback((askedFor: string) => current.current === askedFor, []);
}

export interface Query<T> {
  /** The latest current answer; while a new key is loading, the previous answer stays (no flicker). */
  data: T | undefined;
  error: string | null;
  /** True until the answer for the current key arrives. */
  loading: boolean;
  /** Ask again for the same key; earlier answers in flight become stale. */
  reload(): void;
}

/**
 * Data from main for a key: asked when the key changes (after `debounceMs`, for typing), kept until the
 * next answer. A null key asks nothing and clears the data.
 */
export function useQuery<T>(key: string | null, ask: () => Promise<T>, { debounceMs = 0 }: { debounceMs?: number } = {}): Query<T> {
  const [generation, setGeneration] = useState(0);
  const asked = key === null ? null : `${generation}|${key}`;
  const isCurrent = useCurrentKey(asked);
  const [answer, setAnswer] = useState<{ for: string; data: T | undefined; error: string | null } | null>(null);
  if (asked === null && answer !== null) setAnswer(null);
  const askRef = useRef(ask);
  useLayoutEffect(() => {
    askRef.current = ask;
  });

  useEffect(() => {
    if (asked === null) return;
    const send = () =>
      askRef.current().then(
        (data) => {
          if (isCurrent(asked)) setAnswer({ for: asked, data, error: null });
        },
        (error: unknown) => {
          if (isCurrent(asked)) setAnswer((previous) => ({ for: asked, data: previous?.data, error: errorMessage(error) }));
        },
      );
    if (debounceMs <= 0) {
      void send();
      return;
    }
    const timer = setTimeout(() => void send(), debounceMs);
    return () => clearTimeout(timer);
  }, [asked, debounceMs, isCurrent]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  if (asked === null) return { data: undefined, error: null, loading: false, reload };
  return { data: answer?.data, error: answer?.error ?? null, loading: answer?.for !== asked, reload };
}
