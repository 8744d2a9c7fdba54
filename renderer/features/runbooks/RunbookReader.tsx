import { useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api';
import { Time } from '../../ui/Time';
import type { RunbookDoc } from '../../../shared/runbooks';
import { RunbookMarkdown, scrollToAnchor, type RunbookRefs, type StepHandlers } from './RunbookMarkdown';

interface OutlineItem {
  level: number;
  text: string;
  element: HTMLElement;
}

/** One runbook: metadata, front matter, outline, the body, and tickable steps journaled per page. */
export function RunbookReader({
  doc,
  pageId,
  pageTitle,
  anchor = null,
  openRunbook,
}: {
  doc: RunbookDoc;
  pageId: string | null;
  pageTitle?: string;
  /** The section to show first (a link to another runbook's heading); '' = its top; null = leave the scroll alone. */
  anchor?: string | null;
  openRunbook(id: string, anchor: string | null): void;
}) {
  const body = useRef<HTMLDivElement>(null);
  const [outline, setOutline] = useState<OutlineItem[]>([]);
  const [ticks, setTicks] = useState<Map<string, boolean>>(() => new Map(doc.stepsDone.map((s) => [s, true])));
  const [stepError, setStepError] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);

  useEffect(() => {
    setTicks(new Map(doc.stepsDone.map((s) => [s, true])));
    setStepError(null);
  }, [doc.id, doc.stepsDone]);

  useEffect(() => {
    const headings = body.current ? [...body.current.querySelectorAll<HTMLElement>('h1, h2, h3, h4')] : [];
    setOutline(headings.slice(0, 100).map((element) => ({ level: Number(element.tagName[1]), text: element.textContent ?? '', element })));
  }, [doc.markdown]);

  // A followed link: go to its section once the body is drawn ('' = the top of the runbook).
  useEffect(() => {
    if (anchor) scrollToAnchor(body.current, anchor);
    else if (anchor === '') body.current?.closest('article')?.scrollIntoView({ block: 'start' });
  }, [doc.id, doc.markdown, anchor]);

  const refs: RunbookRefs = useMemo(() => ({ links: doc.links, images: doc.images, openRunbook }), [doc.links, doc.images, openRunbook]);

  const ticksRef = useRef(ticks);
  ticksRef.current = ticks;
  const steps: StepHandlers = useMemo(
    () => ({
      isDone: (step, checkedInSource) => ticksRef.current.get(step) ?? checkedInSource,
      toggle: async (step, done) => {
        setTicks((current) => new Map(current).set(step, done));
        setStepError(null);
        try {
          await api.runbookStepDone({ runbookId: doc.id, step, done, pageId: pageId ?? undefined });
        } catch (error) {
          setTicks((current) => new Map(current).set(step, !done));
          setStepError(`The step could not be logged: ${errorMessage(error)}`);
          throw error;
        }
      },
    }),
    [doc.id, pageId],
  );

  return (
    <article className="runbook-reader card" aria-labelledby="runbook-title">
      <header className="runbook-header">
        <h2 id="runbook-title">{doc.title}</h2>
        <p className="muted small">
          {doc.sourceName} · {doc.location}
        </p>
        <p className="small">
          <span>Synced <Time at={doc.syncedAt} /></span>{' '}
          {doc.stale ? (
            <span className="badge badge-stale" title="The source could not confirm this copy recently">
              stale copy
            </span>
          ) : (
            <span className="badge badge-fresh">up to date</span>
          )}
          {doc.url && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => api.openExternal({ url: doc.url! }).catch((e: unknown) => setOpenError(errorMessage(e)))}
              >
                Open the original
              </button>
            </>
          )}
        </p>
        {openError && <p className="error-text small">{openError}</p>}
        {doc.warnings.map((warning) => (
          <p key={warning} className="banner banner-warning small" role="note">
            {warning}
          </p>
        ))}
        {pageId && <p className="small muted">Ticked steps are logged against the page “{pageTitle ?? pageId}”.</p>}
        {stepError && (
          <p className="error-text" role="alert">
            {stepError}
          </p>
        )}
      </header>
      {doc.frontMatter.length > 0 && (
        <dl className="front-matter" aria-label="Runbook metadata">
          {doc.frontMatter.map(({ key, value }) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {outline.length > 1 && (
        <nav className="outline" aria-label="Outline">
          <ul>
            {outline.map((item, i) => (
              <li key={i} style={{ paddingLeft: `${(item.level - 1) * 12}px` }}>
                <button type="button" className="link-button" onClick={() => item.element.scrollIntoView({ block: 'start' })}>
                  {item.text}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="runbook-body" ref={body}>
        <RunbookMarkdown markdown={doc.markdown} steps={steps} refs={refs} title={doc.title} key={`${doc.id}:${pageId ?? ''}`} />
      </div>
    </article>
  );
}
