import { formatDuration } from '../../../shared/time';

/** "5 min ago", from an instant and the time the view last ticked. */
export function ago(iso: string, now: number): string {
  return `${formatDuration(now - Date.parse(iso))} ago`;
}
