import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import { formatDateTime } from '../../../shared/time';
import type { SourceStatus } from '../../../shared/runbooks';
import { ConfirmRemove } from '../../ui/ConfirmRemove';

/** Every source with its sync status, progress (cancellable), errors and skipped files; and a form to add one. */
export function RunbookSources() {
  const sources = useStore((s) => s.state?.runbooks.sources ?? []);
  return (
    <section className="card runbook-sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <ul className="source-list" role="list">
        {sources.map((source) => (
          <SourceRow key={source.id} source={source} />
        ))}
      </ul>
      <AddSource />
    </section>
  );
}

function SourceRow({ source }: { source: SourceStatus }) {
  const zone = useTimeZone();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch((e: unknown) => setError(errorMessage(e)));
  };
  const syncing = source.status === 'syncing';
  return (
    <li className="source-row" aria-label={`Source ${source.name}`}>
      <div className="source-head">
        <strong>{source.name}</strong> <span className="muted small">{source.kind}</span>
        <span className={`badge badge-${source.status}`}>{source.status === 'ok' ? 'synced' : source.status}</span>
      </div>
      <div className="muted small source-location">{source.location}</div>
      <div className="small">
        {source.count} runbook{source.count === 1 ? '' : 's'}
        {source.lastSyncAt ? ` · last sync ${formatDateTime(source.lastSyncAt, zone)}` : ' · never synced'}
      </div>
      {syncing && source.progress && (
        <div className="small">
          <progress value={source.progress.done} max={Math.max(1, source.progress.total)} aria-label={`Sync progress of ${source.name}`} />{' '}
          {source.progress.phase} {source.progress.total > 0 ? `${source.progress.done} / ${source.progress.total}` : ''}
        </div>
      )}
      {source.lastError && (
        <p className="error-text small" role="status">
          {source.lastError}
        </p>
      )}
      {source.skipped.length > 0 && (
        <details className="small">
          <summary>{source.skipped.length} file(s) left out</summary>
          <ul>
            {source.skipped.map((s) => (
              <li key={s.path}>
                {s.path}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="actions">
        {syncing ? (
          <button type="button" onClick={() => run(() => api.runbookSyncCancel({ sourceId: source.id }))}>
            Cancel sync
          </button>
        ) : (
          <button type="button" onClick={() => run(() => api.runbookSync({ sourceId: source.id }))}>
            Sync now
          </button>
        )}
        {source.kind !== 'links' && (
          <ConfirmRemove what={`“${source.name}”`} onConfirm={() => run(() => api.runbookSourceRemove({ id: source.id }))} />
        )}
      </div>
      {error && <p className="error-text small">{error}</p>}
    </li>
  );
}

/** One glob per line (or comma-separated), blanks dropped. */
function globs(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((g) => g.trim())
    .filter(Boolean);
}

function AddSource() {
  const [kind, setKind] = useState<'folder' | 'git' | 'link'>('folder');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [branch, setBranch] = useState('main');
  const [subfolder, setSubfolder] = useState('');
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: 'busy' });
    try {
      const patterns = { include: globs(include), exclude: globs(exclude) };
      if (kind === 'link') await api.runbookAddUrl({ url: location.trim() });
      else if (kind === 'folder') await api.runbookSourceAdd({ kind, name, path: location.trim(), ...patterns });
      else await api.runbookSourceAdd({ kind, name, url: location.trim(), branch, subfolder, intervalMinutes: 60, ...patterns });
      setStatus({ kind: 'done' });
      setLocation('');
      setName('');
      setInclude('');
      setExclude('');
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  const choose = async () => {
    try {
      const { path } = await api.pickPath({ purpose: kind === 'git' ? 'git-repository' : 'runbook-folder' });
      if (path) setLocation(path);
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <form className="form add-source" onSubmit={submit} aria-labelledby="add-source-title">
      <h3 id="add-source-title">Add runbooks</h3>
      <label>
        <span>Kind</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="folder">A folder of Markdown</option>
          <option value="git">A git repository</option>
          <option value="link">A runbook link</option>
        </select>
      </label>
      {kind !== 'link' && (
        <label>
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="SRE runbooks" />
        </label>
      )}
      <div className="path-row">
        <label>
          <span>{kind === 'folder' ? 'Folder' : kind === 'git' ? 'Repository URL or local path' : 'Link (http or https)'}</span>
          <input
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            required
            placeholder={kind === 'folder' ? '~/runbooks' : kind === 'git' ? 'git@github.com:acme/runbooks.git' : 'https://wiki.example.com/runbooks/disk-full'}
          />
        </label>
        {kind !== 'link' && (
          <button type="button" onClick={() => void choose()} aria-label={kind === 'git' ? 'Choose a local repository' : 'Choose the folder'}>
            Choose…
          </button>
        )}
      </div>
      {kind === 'git' && (
        <>
          <label>
            <span>Branch</span>
            <input value={branch} onChange={(e) => setBranch(e.target.value)} />
          </label>
          <label>
            <span>Subfolder (optional)</span>
            <input value={subfolder} onChange={(e) => setSubfolder(e.target.value)} placeholder="runbooks" />
          </label>
        </>
      )}
      {kind !== 'link' && (
        <details className="small">
          <summary>Which files are runbooks</summary>
          <p className="muted">
            Baton recognises Hugo, MkDocs and Docusaurus sites and leaves out section indexes, archetypes, templates and README,
            contributing, changelog and licence pages. Patterns are paths from the source’s root; one per line.
          </p>
          <label>
            <span>
              Only these <span className="muted hint">(replaces the defaults)</span>
            </span>
            <textarea value={include} onChange={(e) => setInclude(e.target.value)} rows={2} placeholder="content/runbooks/**" />
          </label>
          <label>
            <span>Leave out</span>
            <textarea value={exclude} onChange={(e) => setExclude(e.target.value)} rows={2} placeholder="**/drafts/**" />
          </label>
        </details>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={status.kind === 'busy'}>
          {kind === 'link' ? 'Fetch runbook' : 'Add source'}
        </button>
        {status.kind === 'done' && <span role="status">Added.</span>}
        {status.kind === 'error' && (
          <span className="error-text" role="alert">
            {status.message}
          </span>
        )}
      </div>
    </form>
  );
}
