import { useState } from 'react';
import { api } from '../../api';
import type { HandoffRange } from '../../../shared/handoff';
import { CHAT_LABEL, type ChatKind } from '../../../shared/handoff/chat';
import { StatusLine, useStatus } from '../../ui/StatusLine';
import { useQuery } from '../../ui/useQuery';

const KINDS = Object.keys(CHAT_LABEL) as ChatKind[];

/** "Hand over" also posts to a chat webhook (Slack-compatible, Teams, Google Chat): set it, preview, test. The URL is a secret and never comes back here. */
export function HandoffChat({ range }: { range: HandoffRange }) {
  const [version, setVersion] = useState(0);
  const chat = useQuery(`chat|${version}`, () => api.handoffChatStatus());
  const [kind, setKind] = useState<ChatKind>('slack');
  const [url, setUrl] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const { status, run } = useStatus();
  const current = chat.data;

  return (
    <div className="card form handoff-chat" aria-labelledby="handoff-chat-title">
      <h2 id="handoff-chat-title">Post to chat</h2>
      {current?.configured && current.kind ? (
        <>
          <p className="small">
            {CHAT_LABEL[current.kind]} · <code>{current.where}</code>
          </p>
          <div className="actions">
            <button type="button" onClick={() => void run('Sending a test message', async () => (await api.testHandoffChat()).message)}>
              Send a test message
            </button>
            <button
              type="button"
              aria-expanded={preview !== null}
              onClick={() => void run('Preparing the preview', async () => (setPreview((await api.previewHandoffChat({ range })).text), 'This is what “Hand over” posts.'))}
            >
              Preview
            </button>
            <button type="button" onClick={() => void run('Forgetting the webhook', async () => (await api.setHandoffChat(null), setVersion((v) => v + 1), 'Handoffs are no longer posted to chat.'))}>
              Stop posting
            </button>
          </div>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run('Saving the webhook', async () => {
              await api.setHandoffChat({ kind, url });
              setUrl('');
              setVersion((v) => v + 1);
              return '“Hand over” now posts the handoff there. Send a test message to check.';
            });
          }}
        >
          <label>
            <span>Chat</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as ChatKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {CHAT_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Incoming webhook URL (kept encrypted, never shown again)</span>
            <input type="password" autoComplete="off" value={url} required maxLength={2000} placeholder="https://…" onChange={(e) => setUrl(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit">Save webhook</button>
          </div>
        </form>
      )}
      <StatusLine status={status} />
      {preview !== null ? (
        <pre className="handoff-chat-preview" tabIndex={0} aria-label="Chat message preview">
          {preview}
        </pre>
      ) : null}
    </div>
  );
}
