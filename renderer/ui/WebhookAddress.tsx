import { useState } from 'react';
import { api, errorMessage } from '../api';
import { useStore } from '../store';
import { IDLE, StatusLine, type Status } from './StatusLine';

/**
 * Where to send pages: the webhook receiver's URL with its token, for senders that cannot set an
 * Authorization header. The token is masked until the user asks to see it (main answers then), and
 * "Copy URL" copies it without it ever reaching the window. For the Pages view's empty state and Settings.
 */
export function WebhookAddress() {
  const base = useStore((s) => s.state?.pages.webhook.url ?? null);
  const [shown, setShown] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(IDLE);
  if (!base) return null;
  const run = async (what: string, action: () => Promise<string>) => {
    try {
      setStatus({ kind: 'done', message: await action() });
    } catch (error) {
      setStatus({ kind: 'error', message: `${what} failed: ${errorMessage(error)}` });
    }
  };
  const reveal = () =>
    run('Showing the token', async () => {
      const { url } = await api.webhookAddress({ copy: false });
      setShown(url);
      return '';
    });
  const copy = () => run('Copying', async () => (await api.webhookAddress({ copy: true }), 'Copied the URL with its token.'));
  return (
    <div className="webhook-address">
      <p className="small">Send pages to (this computer only):</p>
      <code className="webhook-url" aria-label="Webhook URL with its token">
        {shown ?? `${base}?token=${'•'.repeat(12)}`}
      </code>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy URL
        </button>
        {shown ? (
          <button type="button" onClick={() => setShown(null)}>
            Hide token
          </button>
        ) : (
          <button type="button" onClick={() => void reveal()}>
            Show token
          </button>
        )}
        <StatusLine status={status} as="span" className="small" />
      </div>
    </div>
  );
}
