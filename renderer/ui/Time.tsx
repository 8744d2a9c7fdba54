import { formatDateTime, formatRelative, formatTime } from '../../shared/time';
import { useTimeZone } from '../store';
import { useNow } from './useNow';

/**
 * An instant as the user reads every time in Baton: in their display zone, with the zone named
 * ("Mon 30 Nov, 09:00 CET"; `show="time"` under a day header: "09:00:12 CET"). `relative` adds how far
 * it is from now ("in 12 min", "5 min ago"), refreshed every minute.
 */
export function Time({ at, className, title, show = 'datetime', relative = false }: { at: string; className?: string; title?: string; show?: 'datetime' | 'time'; relative?: boolean }) {
  const zone = useTimeZone();
  const text = show === 'time' ? formatTime(at, zone) : formatDateTime(at, zone);
  return (
    <time dateTime={at} className={className} title={title}>
      {text}
      {relative ? <Relative at={at} /> : null}
    </time>
  );
}

function Relative({ at }: { at: string }) {
  const now = useNow(30_000);
  return <> ({formatRelative(at, now)})</>;
}
