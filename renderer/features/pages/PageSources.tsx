import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import { formatDateTime } from '../../../shared/time';
import { parseMatcher, SEVERITIES, type AlertmanagerSourceView, type Matcher, type NotificationRule, type SourceHealth } from '../../../shared/pages';
import type { Severity } from '../../../shared/events';
import { StatusLine } from '../../ui/StatusLine';
import { ServiceSources } from './ServiceSources';
import { ConfirmRemove } from '../../ui/ConfirmRemove';

/** Each source's health: last success, last error, next try. */
export function SourceHealthList({ sources }: { sources: SourceHealth[] }) {
  const zone = useTimeZone();
  if (sources.length === 0) return null;
  return (
    <ul className="source-health" aria-label="Alert source health">
      {sources.map((s) => (
        <li key={s.id}>
          <strong>{s.name}</strong> <span className="muted small">{s.where}</span>
          <span className="small">
            {s.lastError ? (
              <span className="error-text">
                {' '}
                · failing{s.lastErrorAt ? ` since ${formatDateTime(s.lastErrorAt, zone)}` : ''}: {s.lastError}
              </span>
            ) : null}
            {s.lastSuccess ? ` · last success ${formatDateTime(s.lastSuccess, zone)}` : ' · no success yet'}
            {s.nextTry ? ` · next try ${formatDateTime(s.nextTry, zone)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Settings for pages: the webhook receiver with a ready-to-paste curl example, Alertmanager sources, and pause behaviour. */
export function PageSourcesSettings() {
  const slice = useStore((s) => s.state?.pages);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  if (!slice) return null;
  const run = (action: () => Promise<string>) =>
    action().then(
      (text) => setStatus({ kind: 'ok', text }),
      (e: unknown) => setStatus({ kind: 'error', text: errorMessage(e) }),
    );
  const url = slice.webhook.url;
  const example = url
    ? `curl -sS -X POST '${url}' -H 'Authorization: Bearer <token>' -H 'Content-Type: application/json' -d '{"title":"Disk almost full on db-1","severity":"critical","source":"cron","dedupKey":"disk-db-1"}'`
    : null;

  return (
    <div className="card page-sources" aria-labelledby="page-sources-title">
      <h2 id="page-sources-title">Alert sources</h2>
      <SourceHealthList sources={slice.sources} />
      <h3>Webhook receiver</h3>
      {url ? (
        <>
          <p className="small">
            Listening on <code>{url}</code> (this computer only). Alertmanager (webhook_config with a bearer token), Grafana,
            scripts and curl can page you here.
          </p>
          <pre className="example" aria-label="curl example">{example}</pre>
          <div className="actions">
            <button type="button" onClick={() => run(async () => (await api.copyWebhookExample(), 'Copied, with your token.'))}>
              Copy with token
            </button>
          </div>
        </>
      ) : (
        <p className="small">{slice.webhook.error ?? 'The webhook receiver is off.'}</p>
      )}
      <WebhookForm enabled={slice.config.webhook.enabled} port={slice.config.webhook.port} onDone={setStatus} />
      <div className="form">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={slice.config.criticalBreaksPause}
          onChange={(e) => {
            const criticalBreaksPause = e.target.checked;
            void run(async () => (await api.updatePagesConfig({ criticalBreaksPause }), 'Saved.'));
          }}
        />
        <span>Critical pages notify even while notifications are paused</span>
      </label>
      </div>
      <RulesEditor rules={slice.config.rules} sources={slice.sources} onDone={setStatus} />
      <h3>Alertmanager</h3>
      {slice.config.sources.map((s) => (
        <SourceRow key={s.id} source={s} onDone={setStatus} />
      ))}
      <SourceForm onDone={setStatus} />
      <ServiceSources services={slice.config.services} health={slice.sources} onDone={setStatus} />
      {status ? <StatusLine status={status.kind === 'error' ? { kind: 'error', message: status.text } : { kind: 'done', message: status.text }} alertOnError /> : null}
    </div>
  );
}

type Done = (status: { kind: 'ok' | 'error'; text: string }) => void;

function WebhookForm({ enabled, port, onDone }: { enabled: boolean; port: number; onDone: Done }) {
  const [on, setOn] = useState(enabled);
  const [value, setValue] = useState(String(port));
  const save = (event: FormEvent) => {
    event.preventDefault();
    api.updatePagesConfig({ webhook: { enabled: on, port: Number(value) } }).then(
      () => onDone({ kind: 'ok', text: 'Webhook settings saved.' }),
      (e: unknown) => onDone({ kind: 'error', text: errorMessage(e) }),
    );
  };
  return (
    <form className="form inline-form" onSubmit={save} aria-label="Webhook receiver settings">
      <label className="checkbox">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
        <span>Receive pages by webhook</span>
      </label>
      <label>
        <span>Port</span>
        <input type="number" min={1024} max={65535} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

function SourceRow({ source, onDone }: { source: AlertmanagerSourceView; onDone: Done }) {
  const act = (call: () => Promise<unknown>, text: string) =>
    call().then(
      () => onDone({ kind: 'ok', text }),
      (e: unknown) => onDone({ kind: 'error', text: errorMessage(e) }),
    );
  return (
    <div className="source-row">
      <div>
        <strong>{source.name}</strong> <span className="muted small">{source.url}</span>
        <div className="muted small">
          every {source.intervalSeconds} s · {source.auth === 'none' ? 'no auth' : `${source.auth} auth${source.hasSecret ? ' (stored encrypted)' : ''}`}
          {source.filters.length ? ` · ${source.filters.join(', ')}` : ''}
          {source.receiver ? ` · receiver ~ ${source.receiver}` : ''}
          {source.enabled ? '' : ' · disabled'}
        </div>
      </div>
      <div className="actions">
        <button type="button" onClick={() => act(() => api.pollPageSource({ id: source.id }), `${source.name}: polled.`)}>
          Poll now
        </button>
        <ConfirmRemove what={`the alert source “${source.name}”`} onConfirm={() => act(() => api.removePageSource({ id: source.id }), `${source.name} removed.`)} />
      </div>
    </div>
  );
}

function SourceForm({ onDone }: { onDone: Done }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [auth, setAuth] = useState<'none' | 'basic' | 'bearer'>('none');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [filters, setFilters] = useState('');
  const [receiver, setReceiver] = useState('');
  const [intervalSeconds, setIntervalSeconds] = useState('15');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api
      .savePageSource({
        name,
        url,
        auth,
        username,
        secret,
        filters: filters.split('\n').map((f) => f.trim()).filter(Boolean),
        receiver,
        intervalSeconds: Number(intervalSeconds),
        enabled: true,
      })
      .then(
        (saved) => {
          setName('');
          setUrl('');
          setSecret('');
          onDone({ kind: 'ok', text: `${saved.name} added.` });
        },
        (e: unknown) => onDone({ kind: 'error', text: errorMessage(e) }),
      );
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Add an Alertmanager">
      <label>
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="payments-am" required />
      </label>
      <label>
        <span>URL</span>
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://alertmanager.example:9093" required />
      </label>
      <label>
        <span>Authentication</span>
        <select value={auth} onChange={(e) => setAuth(e.target.value as typeof auth)}>
          <option value="none">None</option>
          <option value="basic">Basic (user name and password)</option>
          <option value="bearer">Bearer token</option>
        </select>
      </label>
      {auth === 'basic' ? (
        <label>
          <span>User name</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </label>
      ) : null}
      {auth !== 'none' ? (
        <label>
          <span>{auth === 'basic' ? 'Password' : 'Token'}</span>
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" />
          <small className="muted">Stored encrypted; never shown again.</small>
        </label>
      ) : null}
      <label>
        <span>Filter matchers (one per line)</span>
        <textarea rows={2} value={filters} onChange={(e) => setFilters(e.target.value)} placeholder='team="payments"' />
      </label>
      <label>
        <span>Receiver (regular expression, optional)</span>
        <input value={receiver} onChange={(e) => setReceiver(e.target.value)} placeholder="payments-.*" />
      </label>
      <label>
        <span>Poll every (seconds)</span>
        <input type="number" min={5} max={3600} value={intervalSeconds} onChange={(e) => setIntervalSeconds(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          Add Alertmanager
        </button>
      </div>
    </form>
  );
}

const describeMatcher = (m: Matcher) => `${m.name}${m.op}"${m.value}"`;

/** Which pages notify: the first matching rule decides; pages no rule matches notify. */
function RulesEditor({ rules, sources, onDone }: { rules: NotificationRule[]; sources: SourceHealth[]; onDone: Done }) {
  const [action, setAction] = useState<NotificationRule['action']>('mute');
  const [sourceId, setSourceId] = useState('');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [matchers, setMatchers] = useState('');
  const save = (next: NotificationRule[], text: string) =>
    api.updatePagesConfig({ rules: next }).then(
      () => onDone({ kind: 'ok', text }),
      (e: unknown) => onDone({ kind: 'error', text: errorMessage(e) }),
    );
  const add = (event: FormEvent) => {
    event.preventDefault();
    const lines = matchers.split('\n').map((l) => l.trim()).filter(Boolean);
    const parsed = lines.map(parseMatcher);
    const bad = lines.find((_, i) => parsed[i] === null);
    if (bad) return onDone({ kind: 'error', text: `"${bad}" is not a matcher like team="payments".` });
    void save([...rules, { action, sourceId, severities, matchers: parsed as Matcher[] }], 'Rule added.').then(() => {
      setMatchers('');
      setSeverities([]);
    });
  };
  const sourceName = (id: string) => sources.find((s) => s.id === id)?.name ?? id;
  return (
    <>
      <h3>Notification rules</h3>
      <p className="muted small">The first rule that matches a page decides whether it notifies; pages no rule matches notify.</p>
      {rules.length > 0 ? (
        <ol className="rules">
          {rules.map((rule, index) => (
            <li key={index}>
              <span>
                <strong>{rule.action === 'mute' ? 'Mute' : 'Notify'}</strong> · {rule.sourceId ? sourceName(rule.sourceId) : 'any source'} ·{' '}
                {rule.severities.length ? rule.severities.join(', ') : 'any severity'}
                {rule.matchers.length ? ` · ${rule.matchers.map(describeMatcher).join(', ')}` : ''}
              </span>
              <ConfirmRemove what={`rule ${index + 1}`} onConfirm={() => void save(rules.filter((_, i) => i !== index), 'Rule removed.')} />
            </li>
          ))}
        </ol>
      ) : null}
      <form className="form inline-form" onSubmit={add} aria-label="Add a notification rule">
        <label>
          <span>Action</span>
          <select value={action} onChange={(e) => setAction(e.target.value as NotificationRule['action'])}>
            <option value="mute">Mute</option>
            <option value="notify">Notify</option>
          </select>
        </label>
        <label>
          <span>Source</span>
          <select value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
            <option value="">Any</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="severity-picks">
          <legend>Severities (none = any)</legend>
          {SEVERITIES.map((sev) => (
            <label key={sev} className="checkbox">
              <input
                type="checkbox"
                checked={severities.includes(sev)}
                onChange={(e) => setSeverities(e.target.checked ? [...severities, sev] : severities.filter((x) => x !== sev))}
              />
              <span>{sev}</span>
            </label>
          ))}
        </fieldset>
        <label>
          <span>Label matchers (one per line)</span>
          <textarea rows={1} value={matchers} onChange={(e) => setMatchers(e.target.value)} placeholder='env="dev"' />
        </label>
        <button type="submit">Add rule</button>
      </form>
    </>
  );
}
