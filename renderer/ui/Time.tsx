import { formatDateTime } from '../../shared/time';
import { useTimeZone } from '../store';

/** An instant as the user reads every time in Baton: in their display zone, with the zone named ("Mon 30 Nov, 09:00 CET"). */
export function Time({ at, className, title }: { at: string; className?: string; title?: string }) {
  const zone = useTimeZone();
  return (
    <time dateTime={at} className={className} title={title}>
      {formatDateTime(at, zone)}
    </time>
  );
}
