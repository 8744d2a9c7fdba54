import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import { DEFAULT_API_URL, OPSGENIE_END, SERVICE_LABELS, ServiceKindSchema, type ConnectionReport, type ServiceKind, type ServiceSourceInput, type ServiceSourceView } from '../../../shared/page-services';
import type { SourceHealth } from '../../../shared/pages';
import { StatusLine } from '../../ui/StatusLine';

type Done = (status: { kind: 'ok' | 'error'; text: string }) => void;

const API_URL_HINT: Record<ServiceKind, (variant: 'default' | 'legacy') => string> = {
  pagerduty: () => 'https://api.pagerduty.com, or https://api.eu.pagerduty.com for an EU account.',
  'grafana-irm': () => 'The OnCall API URL shown in IRM → Settings (e.g. https://oncall-prod-eu-west-0.grafana.net/oncall).',
  jsm: (variant) => (variant === 'legacy' ? 'https://api.opsgenie.com, or https://api.eu.opsgenie.com.' : 'https://api.atlassian.com'),
  incidentio: () => 'https://api.incident.io',
};

const ids = (text: string) => text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);

/** Paging services (PagerDuty, several accounts side by side): each with its health, Poll now, Edit and Remove, and the form to add or edit one. */
export function ServiceSources({ services, health, onDone }: { services: ServiceSourceView[]; health: SourceHealth[]; onDone: Done }) {
  const [editing, setEditing] = useState<ServiceSourceView | null>(null);
  const act = (call: () => Promise<unknown>, text: string) =>
    call().then(
      () => onDone({ kind: 'ok', text }),
      (e: unknown) => onDone({ kind: 'error', text: errorMessage(e) }),
    );
  return (
    <section aria-labelledby="service-sources-title">
      <h3 id="service-sources-title">Paging services</h3>
      {services.map((s) => {
        const h = health.find((x) => x.id === s.id);
        return (
          <div className="source-row" key={s.id}>
            <div>
              <strong>{s.name}</strong> <span className="muted small">{SERVICE_LABELS[s.kind]} · {s.apiUrl}</span>
              <div className="muted small">
                every {s.intervalSeconds} s{s.hasToken ? ' · API key stored encrypted' : ' · no API key'}
                {s.email ? ` · acts as ${s.email}` : ''}
                {describeFilters(s)}
                {s.enabled ? '' : ' · disabled'}
                {s.kind === 'jsm' && s.variant === 'legacy' ? <span className="warning-text"> · Opsgenie fallback: its API stops on {OPSGENIE_END}</span> : null}
                {h?.lastError ? <span className="error-text"> · failing: {h.lastError}</span> : null}
              </div>
            </div>
            <div className="actions">
              <button type="button" onClick={() => act(() => api.pollPageSource({ id: s.id }), `${s.name}: polled.`)}>
                Poll now
              </button>
              <button type="button" onClick={() => setEditing(s)}>
                Edit
              </button>
              <button type="button" className="danger" onClick={() => act(() => api.removePageSource({ id: s.id }), `${s.name} removed.`)}>
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <ServiceForm key={editing?.id ?? 'new'} editing={editing} onDone={onDone} onSaved={() => setEditing(null)} />
      {editing ? (
        <button type="button" onClick={() => setEditing(null)}>
          Cancel editing
        </button>
      ) : null}
    </section>
  );
}

function describeFilters(s: ServiceSourceView): string {
  const f = s.filters;
  const parts = [
    f.assignedToMe && 'assigned to me',
    f.teamIds.length > 0 && `teams ${f.teamIds.join(', ')}`,
    f.serviceIds.length > 0 && `services ${f.serviceIds.join(', ')}`,
    f.urgencies.length > 0 && `${f.urgencies.join('/')} urgency`,
    f.scheduleIds.length > 0 && `shifts from ${f.scheduleIds.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

/** Add or edit a PagerDuty account, with "Test connection" (who the key is and what it can see) before saving. */
function ServiceForm({ editing, onDone, onSaved }: { editing: ServiceSourceView | null; onDone: Done; onSaved(): void }) {
  const [kind, setKind] = useState<ServiceKind>(editing?.kind ?? 'pagerduty');
  const [siteUrl, setSiteUrl] = useState(editing?.siteUrl ?? '');
  const [variant, setVariant] = useState<'default' | 'legacy'>(editing?.variant ?? 'default');
  const pd = kind === 'pagerduty';
  const grafana = kind === 'grafana-irm';
  const jsm = kind === 'jsm';
  const iio = kind === 'incidentio';
  const [name, setName] = useState(editing?.name ?? '');
  const [apiUrl, setApiUrl] = useState(editing?.apiUrl ?? DEFAULT_API_URL[kind]);
  const [token, setToken] = useState('');
  const [email, setEmail] = useState(editing?.email ?? '');
  const [assignedToMe, setAssignedToMe] = useState(editing?.filters.assignedToMe ?? (editing ? false : true));
  const [teams, setTeams] = useState(editing?.filters.teamIds.join(', ') ?? '');
  const [servicesText, setServicesText] = useState(editing?.filters.serviceIds.join(', ') ?? '');
  const [urgencies, setUrgencies] = useState<('high' | 'low')[]>(editing?.filters.urgencies ?? []);
  const [schedules, setSchedules] = useState(editing?.filters.scheduleIds.join(', ') ?? '');
  const [intervalSeconds, setIntervalSeconds] = useState(String(editing?.intervalSeconds ?? 30));
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [testing, setTesting] = useState<{ kind: 'running' } | { kind: 'error'; text: string } | null>(null);

  const input = (): ServiceSourceInput => ({
    ...(editing ? { id: editing.id } : {}),
    kind,
    name: name.trim() || SERVICE_LABELS[kind],
    apiUrl: apiUrl.trim(),
    token,
    email: email.trim(),
    filters: { assignedToMe: pd && assignedToMe, teamIds: ids(teams), serviceIds: ids(servicesText), urgencies, scheduleIds: ids(schedules) },
    siteUrl: siteUrl.trim(),
    variant,
    intervalSeconds: Number(intervalSeconds),
    enabled,
  });
  const test = () => {
    setReport(null);
    setTesting({ kind: 'running' });
    api.testServiceSource(input()).then(
      (r) => (setReport(r), setTesting(null)),
      (e: unknown) => setTesting({ kind: 'error', text: errorMessage(e) }),
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api.saveServiceSource(input()).then(
      (saved) => {
        setToken('');
        onSaved();
        onDone({ kind: 'ok', text: `${saved.name} ${editing ? 'saved' : 'added'}.` });
      },
      (e: unknown) => onDone({ kind: 'error', text: errorMessage(e) }),
    );
  };
  const toggleUrgency = (u: 'high' | 'low', on: boolean) => setUrgencies((list) => (on ? [...list.filter((x) => x !== u), u] : list.filter((x) => x !== u)));
  const label = editing ? `Edit ${editing.name}` : `Add a ${SERVICE_LABELS[kind]} account`;
  return (
    <form className="form service-form" onSubmit={submit} aria-label={label}>
      <h4>{label}</h4>
      {editing ? null : (
        <label>
          <span>Service</span>
          <select
            value={kind}
            onChange={(e) => {
              const next = e.target.value as ServiceKind;
              if (apiUrl === DEFAULT_API_URL[kind]) setApiUrl(DEFAULT_API_URL[next]);
              setKind(next);
              setReport(null);
            }}
          >
            {ServiceKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {SERVICE_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>Name (to tell accounts apart)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Work" required />
      </label>
      <label>
        <span>API URL</span>
        <input value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} required />
        <small className="muted">{API_URL_HINT[kind](variant)}</small>
      </label>
      {jsm ? (
        <>
          <label>
            <span>API</span>
            <select
              value={variant}
              onChange={(e) => {
                const next = e.target.value as 'default' | 'legacy';
                const urls = { default: DEFAULT_API_URL.jsm, legacy: 'https://api.opsgenie.com' };
                if (apiUrl === urls[variant]) setApiUrl(urls[next]);
                setVariant(next);
              }}
            >
              <option value="default">Jira Service Management operations</option>
              <option value="legacy">Opsgenie REST API (stops {OPSGENIE_END})</option>
            </select>
          </label>
          {variant === 'legacy' ? (
            <p className="warning-text small" role="note">
              Opsgenie’s REST API stops on {OPSGENIE_END}. Baton keeps it as a fallback until then; move this source to Jira Service Management.
            </p>
          ) : (
            <>
              <label>
                <span>Atlassian site URL (its cloudId is looked up)</span>
                <input value={siteUrl} onChange={(e) => setSiteUrl(e.target.value)} placeholder="https://acme.atlassian.net" required />
              </label>
              <label>
                <span>Atlassian account e-mail</span>
                <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@example.com" required />
              </label>
            </>
          )}
        </>
      ) : null}
      {iio ? (
        <p className="warning-text small" role="note">
          incident.io’s public API has no acknowledge: Baton shows its escalations and links each page to incident.io, where you acknowledge it.
        </p>
      ) : null}
      {grafana ? (
        <>
          <label>
            <span>Key</span>
            <select value={variant} onChange={(e) => setVariant(e.target.value as 'default' | 'legacy')}>
              <option value="default">Service-account token (recommended)</option>
              <option value="legacy">Legacy per-user OnCall API key</option>
            </select>
          </label>
          {variant === 'default' ? (
            <label>
              <span>Grafana stack URL (sent as X-Grafana-URL)</span>
              <input value={siteUrl} onChange={(e) => setSiteUrl(e.target.value)} placeholder="https://acme.grafana.net" required />
            </label>
          ) : null}
        </>
      ) : null}
      <label>
        <span>{pd ? 'REST API key' : iio ? 'API key' : grafana ? (variant === 'default' ? 'Service-account token' : 'OnCall API key') : variant === 'default' ? 'Atlassian API token' : 'Opsgenie API key (GenieKey)'}</span>
        <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" placeholder={editing?.hasToken ? 'Stored; leave empty to keep it' : ''} required={!editing?.hasToken} />
        <small className="muted">
          {pd ? 'A user API key (My Profile → User Settings) acts as you; an account key needs the e-mail below. ' : ''}Stored encrypted; never shown again.
        </small>
      </label>
      {pd ? (
        <>
          <label>
            <span>Act as (e-mail of a PagerDuty user; optional with a user key)</span>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@example.com" />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={assignedToMe} onChange={(e) => setAssignedToMe(e.target.checked)} />
            <span>Only incidents assigned to me (needs a user key)</span>
          </label>
        </>
      ) : null}
      {jsm || iio ? null : (
      <label>
        <span>Teams (IDs, optional)</span>
        <input value={teams} onChange={(e) => setTeams(e.target.value)} placeholder={pd ? 'PQ9K7I8' : 'TI73TDU19W48J'} />
      </label>
      )}
      {pd ? (
        <>
          <label>
            <span>Services (IDs, optional)</span>
            <input value={servicesText} onChange={(e) => setServicesText(e.target.value)} placeholder="PIJ90N7" />
          </label>
          <fieldset className="severity-picks">
            <legend>Urgency (none ticked = both)</legend>
            {(['high', 'low'] as const).map((u) => (
              <label className="checkbox" key={u}>
                <input type="checkbox" checked={urgencies.includes(u)} onChange={(e) => toggleUrgency(u, e.target.checked)} />
                <span>{u}</span>
              </label>
            ))}
          </fieldset>
        </>
      ) : null}
      <label>
        <span>{pd ? 'On-call schedules for the Shift view (IDs; empty = my own shifts)' : 'On-call schedules for the Shift view (IDs; empty = all)'}</span>
        <input value={schedules} onChange={(e) => setSchedules(e.target.value)} placeholder={pd ? 'PI7DH85' : grafana ? 'SBM7DV7BKFUYU' : iio ? '01G0J1EXE7AXZ2C93K61WBPYEH' : 'd875e654-9b4e-4219-a803-0c0d7b5e0c0e'} />
      </label>
      <label>
        <span>Poll every (seconds)</span>
        <input type="number" min={10} max={3600} value={intervalSeconds} onChange={(e) => setIntervalSeconds(e.target.value)} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>Enabled</span>
      </label>
      <div className="actions">
        <button type="button" onClick={test} disabled={testing?.kind === 'running'}>
          Test connection
        </button>
        <button type="submit" className="primary">
          {editing ? 'Save' : `Add ${SERVICE_LABELS[kind]} account`}
        </button>
      </div>
      {testing ? <StatusLine status={testing.kind === 'running' ? { kind: 'busy', what: `Asking ${SERVICE_LABELS[kind]}` } : { kind: 'error', message: testing.text }} alertOnError /> : null}
      {report ? (
        <div className="connection-report" role="status" aria-label="Connection test result">
          <p>
            <strong>{report.user ? `Key of ${report.user}` : pd ? 'An account-wide key (no user)' : grafana ? 'A service account (no user)' : 'An integration key (no user)'}</strong>
          </p>
          <ul>
            {report.sees.map((line) => (
              <li key={line}>{line}</li>
            ))}
            {report.warnings.map((line) => (
              <li key={line} className="warning-text">
                {line}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
