import type { Severity } from '../../shared/events';

/** A page's severity as the same coloured badge wherever a page is shown (Pages, Handoff). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`severity severity-${severity}`}>{severity}</span>;
}
