import { useEffect, useState } from 'react';

/** The current time for "2 d 4 h left" labels, refreshed once a minute (display only; main owns boundaries). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
