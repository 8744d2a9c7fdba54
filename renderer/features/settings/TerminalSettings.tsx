import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore } from '../../store';

/**
 * Settings → Terminal and assistants: what `baton mcp` lets an AI assistant do. Reading and adding
 * notes are always allowed; acknowledging a page is off until the user turns it on here. Saved at
 * once (one switch, no form), and the app enforces it on every request, whatever the assistant lists.
 */
export function TerminalSettings() {
  const mayAcknowledge = useStore((s) => s.state?.settings.assistants.mayAcknowledge ?? false);
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const change = async (next: boolean) => {
    setStatus({ kind: 'saving' });
    try {
      await api.updateSettings({ assistants: { mayAcknowledge: next } });
      setStatus({ kind: 'idle' });
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    // Long words ("acknowledge") wrap inside the card at 360 px rather than run past its edge.
    <div className="card form" role="group" aria-labelledby="terminal-title" style={{ overflowWrap: 'anywhere' }}>
      <h2 id="terminal-title">Terminal and assistants</h2>
      <p className="small muted">
        The <code>baton</code> command reads your shift and pages and adds notes from a terminal; <code>baton mcp</code> gives an AI assistant the same view
        of Baton. What they write is logged as coming from the terminal or an assistant.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={mayAcknowledge} disabled={status.kind === 'saving'} onChange={(e) => void change(e.target.checked)} />
        <span>Let assistants acknowledge pages</span>
      </label>
      <small className="muted">Off: an assistant can read pages and add notes, but only you acknowledge. A running assistant offers the new choice once it restarts.</small>
      {status.kind === 'error' && (
        <p role="alert" className="error-text">
          Not saved: {status.message}
        </p>
      )}
    </div>
  );
}
