import { useState, type MouseEvent } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { api, errorMessage } from '../../api';

/** The export as it will read, rendered from Markdown to React elements (raw HTML is dropped, never injected). */
export function Preview({ markdown }: { markdown: string }) {
  const [source, setSource] = useState(false);
  const openLink = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const href = event.currentTarget.getAttribute('href');
    if (href) api.openExternal({ url: href }).catch((e: unknown) => console.error(errorMessage(e)));
  };
  return (
    <div className="card handoff-preview" aria-labelledby="handoff-preview-title">
      <div className="handoff-preview-head">
        <h2 id="handoff-preview-title">Preview</h2>
        <label className="checkbox small">
          <input type="checkbox" checked={source} onChange={(e) => setSource(e.target.checked)} />
          <span>Show Markdown</span>
        </label>
      </div>
      {source ? (
        <pre className="handoff-source" tabIndex={0} aria-label="Markdown of the handoff">
          {markdown}
        </pre>
      ) : (
        <article className="handoff-rendered" aria-label="Handoff preview">
          <Markdown remarkPlugins={[remarkGfm]} skipHtml components={{
              a: ({ href, children }) => (
                <a href={href} onClick={openLink}>
                  {children}
                </a>
              ),
              // A task-list box ("- [ ] follow-up") is a read-only mark: named, so it is not an unlabelled control.
              input: ({ type, checked }) =>
                type === 'checkbox' ? <input type="checkbox" checked={checked ?? false} disabled readOnly aria-label={checked ? 'Done' : 'Open'} /> : null,
            }}>
            {markdown}
          </Markdown>
        </article>
      )}
    </div>
  );
}
