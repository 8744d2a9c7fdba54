import { useEffect, useState } from 'react';

/** The current time for "2 d 4 h left" and "5 min ago" labels, refreshed every `everyMs` (display only; main owns boundaries). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
