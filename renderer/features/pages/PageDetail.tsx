import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useTimeZone } from '../../store';
import { Kbd } from '../../ui/Kbd';
import { formatDateTime } from '../../../shared/time';
import type { Page } from '../../../shared/pages';
import { SeverityBadge } from '../../ui/SeverityBadge';
import { StatusLine } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';
import { useQuery } from '../../ui/useQuery';
import { ago } from './ago';
import { pageActions } from './pageActions';
import { ServiceActions } from './ServiceActions';
import { ServiceFields } from './ServiceFields';
import { Investigation } from './Investigation';
import { AckFields, useAckChoice } from './AckFields';


/**
 * One page: what fired and when, acknowledge / un-acknowledge / mark handled (the view runs them and
 * moves on), its runbook and links, its history. The shortcut of each action is shown beside it.
 */
export function PageDetail({
  page,
  now,
  ackMinutes,
  onAck,
  onUnack,
  onHandled,
  onRunbook,
}: {
  page: Page;
  now: number;
  ackMinutes: number;
  onAck(minutes: number, comment: string): void;
  onUnack(): void;
  onHandled(): void;
  onRunbook(): void;
}) {
  const zone = useTimeZone();
  const ack = useAckChoice(ackMinutes);
  const [linkError, setLinkError] = useState<string | null>(null);
  // Asked again whenever the page changes in a way its history shows.
  const history = useQuery(`${page.id}|${page.status}|${page.fired}`, () => api.pageHistory({ pageId: page.id }));
  const shown = linkError ?? (history.error ? `History unavailable: ${history.error}` : null);
  const open = (url: string) => api.openExternal({ url }).catch((e: unknown) => setLinkError(errorMessage(e)));
  const actions = pageActions(page);
  // What only some services can do (snooze, a note sent to the incident) runs here; acknowledge,
  // un-acknowledge and resolve run in the view, which moves on to the next page.
  const [busy, setBusy] = useState(false);
  const [serviceMessage, setServiceMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setServiceMessage(null);
    try {
      setServiceMessage({ kind: 'ok', text: await action() });
    } catch (error) {
      setServiceMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="page-detail card" aria-labelledby="page-detail-title">
      <header>
        <p className="page-row">
          <SeverityBadge severity={page.severity} />
          <span className={`status status-${page.status}`}>{page.status}</span>
          {page.fired > 1 ? <span className="muted small">fired {page.fired} times</span> : null}
        </p>
        <h2 id="page-detail-title" tabIndex={-1}>
          {page.title}
        </h2>
        <p className="muted small">
          From {page.sourceName} · started <Time at={page.startsAt} /> · received <Time at={page.receivedAt} /> (
          {ago(page.receivedAt, now)})
        </p>
        {page.status === 'acknowledged' ? (
          <p className="small">
            Acknowledged by {page.acknowledgedBy} at {page.acknowledgedAt ? formatDateTime(page.acknowledgedAt, zone) : '?'}
            {page.ackUntil ? ` until ${formatDateTime(page.ackUntil, zone)}` : ''}
            {page.silenceId ? ` (silence ${page.silenceId})` : ''}
          </p>
        ) : null}
        {page.status === 'resolved' && page.resolvedAt ? (
          <p className="small">
            Resolved <Time at={page.resolvedAt} />
            {page.resolvedBy ? ` by ${page.resolvedBy}` : ' at the source'}
          </p>
        ) : null}
      </header>

      {page.status !== 'resolved' && (actions.can('ack') || actions.can('unack') || actions.can('resolve')) ? (
        <div className="page-actions">
          {page.status === 'triggered' && actions.can('ack') ? (
            <AckFields choice={ack} label={actions.ackLabel} onAck={onAck} />
          ) : page.status === 'acknowledged' && actions.can('unack') ? (
            <button type="button" onClick={onUnack}>
              Un-acknowledge
            </button>
          ) : null}
          {actions.can('resolve') ? (
            <button
              type="button"
              onClick={onHandled}
              title={page.kind === 'alertmanager' ? 'Resolve it in Baton; if Alertmanager still reports it firing, it opens again' : undefined}
            >
              {actions.resolveLabel}
            </button>
          ) : null}
        </div>
      ) : null}
      <ServiceActions page={page} actions={actions} run={run} busy={busy} />
      {serviceMessage ? (
        <StatusLine status={serviceMessage.kind === 'error' ? { kind: 'error', message: serviceMessage.text } : { kind: 'done', message: serviceMessage.text }} alertOnError />
      ) : null}
      {shown ? <StatusLine status={{ kind: 'error', message: shown }} alertOnError /> : null}

      <div className="actions">
        <button type="button" onClick={onRunbook} aria-keyshortcuts="r">
          Open runbook <Kbd keys="r" />
        </button>
        {page.runbookUrl ? (
          <a href={page.runbookUrl} onClick={(e) => (e.preventDefault(), void open(page.runbookUrl!))} className="link">
            runbook_url: {page.runbookUrl}
          </a>
        ) : null}
        {page.generatorUrl ? (
          <a href={page.generatorUrl} onClick={(e) => (e.preventDefault(), void open(page.generatorUrl!))} className="link">
            {actions.service ? `Open in ${actions.service}` : 'Source graph'}
          </a>
        ) : null}
      </div>

      <ServiceFields page={page} />
      <Investigation pageId={page.id} now={now} />
      <h3>Annotations</h3>
      {Object.keys(page.annotations).length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <dl className="kv">
          {Object.entries(page.annotations).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="pre">{isWebLink(v) ? <a href={v} className="link" onClick={(e) => (e.preventDefault(), void open(v))}>{v}</a> : v}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Labels</h3>
      <p className="labels">
        {Object.entries(page.labels).map(([k, v]) => (
          <span className="label-chip" key={k}>
            {k}={v}
          </span>
        ))}
      </p>
      <h3>History</h3>
      {history.data === undefined ? (
        <p className="muted small">Loading…</p>
      ) : (
        <ol className="history">
          {history.data.map((h) => (
            <li key={h.seq}>
              <Time at={h.ts} /> {h.summary}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

/** An annotation that is a single http(s) link is shown as one (main checks it again before opening it). */
function isWebLink(value: string): boolean {
  return /^https?:\/\/\S+$/.test(value.trim());
}
