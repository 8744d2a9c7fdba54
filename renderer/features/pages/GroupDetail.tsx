import { SeverityBadge } from '../../ui/SeverityBadge';
import { Kbd } from '../../ui/Kbd';
import { AckFields, useAckChoice } from './AckFields';
import type { PageGroup } from './grouping';

/**
 * A group of pages (one alert from one source): its counts, the labels all its pages share, and the
 * actions for all of them at once. Each page is still acknowledged (silenced) and journaled on its own.
 */
export function GroupDetail({
  group,
  ackMinutes,
  onAck,
  onHandled,
  onRunbook,
}: {
  group: PageGroup;
  ackMinutes: number;
  onAck(minutes: number, comment: string): void;
  onHandled(): void;
  onRunbook(): void;
}) {
  const ack = useAckChoice(ackMinutes);
  const silences = group.pages.some((p) => p.kind === 'alertmanager');
  const shared = sharedLabels(group);
  const open = group.pages.filter((p) => p.status !== 'resolved').length;
  return (
    <article className="page-detail card" aria-labelledby="page-detail-title">
      <header>
        <p className="page-row">
          <SeverityBadge severity={group.pages[0].severity} />
          <span className="muted small">
            {group.pages.length} pages · {group.unacknowledged} unacknowledged
          </span>
        </p>
        <h2 id="page-detail-title" tabIndex={-1}>
          {group.name}
        </h2>
        <p className="muted small">From {group.source}</p>
      </header>
      {group.unacknowledged > 0 || open > 0 ? (
        <div className="page-actions">
          {group.unacknowledged > 0 ? (
            <AckFields choice={ack} label={silences ? `Acknowledge and silence all ${group.unacknowledged}` : `Acknowledge all ${group.unacknowledged}`} onAck={onAck} />
          ) : null}
          {open > 0 ? (
            <button type="button" onClick={onHandled}>
              Mark all {open} handled
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onRunbook} aria-keyshortcuts="r">
          Open runbook <Kbd keys="r" />
        </button>
      </div>
      <h3>Labels all {group.pages.length} share</h3>
      {shared.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <p className="labels">
          {shared.map(([k, v]) => (
            <span className="label-chip" key={k}>
              {k}={v}
            </span>
          ))}
        </p>
      )}
    </article>
  );
}

function sharedLabels(group: PageGroup): [string, string][] {
  const [first, ...rest] = group.pages;
  return Object.entries(first.labels).filter(([k, v]) => rest.every((p) => p.labels[k] === v));
}
