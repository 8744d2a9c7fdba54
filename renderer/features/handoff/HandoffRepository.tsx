import { useState } from 'react';
import { api } from '../../api';
import { useStore } from '../../store';
import { StatusLine, useStatus } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';

/**
 * The shared git repository of handoffs: where it is, when Baton last looked, what went wrong.
 * "Hand over" pushes there; the incoming's Baton pulls from it.
 */
export function HandoffRepository() {
  const git = useStore((s) => s.state?.handoff?.delivery?.git ?? null);
  const [url, setUrl] = useState('');
  const [branch, setBranch] = useState('main');
  const { status, run } = useStatus();

  return (
    <div className="card form handoff-repository" aria-labelledby="handoff-repo-title">
      <h2 id="handoff-repo-title">Shared handoff repository</h2>
      {git ? (
        <>
          <p className="small">
            <code>{git.where}</code> · branch <code>{git.branch}</code>
          </p>
          <p className="muted small">
            {git.syncing ? 'Looking now…' : git.lastSync ? <>Last looked <Time at={git.lastSync} /></> : 'Not reached yet.'}
          </p>
          {git.error ? (
            <p className="error-text small" role="alert">
              {git.error}
            </p>
          ) : null}
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                void run('Looking for handoffs', async () => {
                  const found = await api.syncHandoffs();
                  const parts = [found.imported > 0 ? `${found.imported} handoff(s) for you imported` : null, found.accepted > 0 ? `${found.accepted} acceptance(s) of yours seen` : null].filter(Boolean);
                  return parts.length > 0 ? `${parts.join('; ')}.` : 'Nothing new in the repository.';
                })
              }
            >
              Look now
            </button>
            <button type="button" onClick={() => void run('Forgetting the repository', async () => (await api.setHandoffRepository(null), 'Handoffs are no longer sent to a repository.'))}>
              Stop using it
            </button>
          </div>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run('Connecting the repository', async () => {
              const next = await api.setHandoffRepository({ url, branch });
              return next.git?.error ?? 'Connected: "Hand over" pushes there, and Baton looks for handoffs given to you.';
            });
          }}
        >
          <p className="muted small">A git repository your team shares (https, ssh or a folder). Baton uses your own git and its credentials.</p>
          <label>
            <span>Repository URL</span>
            <input value={url} required maxLength={2000} placeholder="git@git.example.com:team/handoffs.git" onChange={(e) => setUrl(e.target.value)} />
          </label>
          <label>
            <span>Branch</span>
            <input value={branch} required maxLength={200} onChange={(e) => setBranch(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit">Use this repository</button>
          </div>
        </form>
      )}
      <StatusLine status={status} />
    </div>
  );
}
