import { memo, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { api, errorMessage } from '../../api';
import { isWebProtocol } from '../../../shared/url';
import { headingSlug, linkKey, linkKind, mailAddress } from '../../../shared/runbook-links';
import type { RunbookImage, RunbookLink } from '../../../shared/runbooks';
import { remarkDetails } from './details';

/**
 * Untrusted Markdown → React elements. No raw HTML (skipHtml, no rehype-raw; only the structure of
 * <details>/<summary> is recognised, see details.ts). Where links lead is one rule
 * (shared/runbook-links.ts): http(s) opens in the browser through main's checked openExternal,
 * `#anchor` scrolls within the runbook, a path opens the runbook main resolved it to, mailto: shows
 * the address as text, anything else is plain text. Images are shown only as the data: URLs main
 * built from the runbook source's own files; nothing is loaded from a path or the network.
 */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  if (trimmed.startsWith('#')) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return isWebProtocol(parsed.protocol) || parsed.protocol === 'mailto:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export interface RunbookRefs {
  links: RunbookLink[];
  images: RunbookImage[];
  /** Opens another runbook (a resolved relative link), at its anchor when the link names one. */
  openRunbook(id: string, anchor: string | null): void;
}

/** Scrolls to the heading of this runbook whose anchor is `anchor` (compared as text, never used as a selector). */
export function scrollToAnchor(root: Element | null, anchor: string): boolean {
  const wanted = headingSlug(decodeAnchor(anchor));
  const target = root && [...root.querySelectorAll<HTMLElement>('[data-anchor]')].find((el) => el.dataset.anchor === wanted);
  if (!target) return false;
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
  return true;
}

function decodeAnchor(anchor: string): string {
  try {
    return decodeURIComponent(anchor.replace(/^#/, ''));
  } catch {
    return anchor.replace(/^#/, '');
  }
}

type HastNode = ExtraProps['node'] | { type: string; value?: string; children?: HastNode[] } | undefined;

function textOf(node: HastNode): string {
  if (!node) return '';
  if ('value' in node && typeof node.value === 'string') return node.value;
  return ('children' in node && node.children ? (node.children as HastNode[]) : []).map(textOf).join('');
}

export interface StepHandlers {
  isDone(step: string, checkedInSource: boolean): boolean;
  /** Rejects when the tick could not be journaled; the box then goes back. */
  toggle(step: string, done: boolean): Promise<void>;
}

function TaskStep({ step, initial, steps, className, children }: { step: string; initial: boolean; steps: StepHandlers; className?: string; children?: ReactNode }) {
  const [done, setDone] = useState(initial);
  return (
    <li className={`${className ?? ''} step`}>
      <label>
        <input
          type="checkbox"
          checked={done}
          onChange={(e) => {
            const next = e.target.checked;
            setDone(next);
            steps.toggle(step, next).catch(() => setDone(!next));
          }}
        />
        <span>{children}</span>
      </label>
    </li>
  );
}

function RunbookAnchor({ href, refs, children }: { href?: string; refs: RunbookRefs; children?: ReactNode }) {
  const kind = href ? linkKind(href) : 'other';
  if (!href || kind === 'other') {
    return (
      <span className="dropped-link" title="Link removed: Baton only opens web links">
        {children}
      </span>
    );
  }
  if (kind === 'anchor') {
    return (
      <button
        type="button"
        className="link-button anchor-link"
        onClick={(event) => scrollToAnchor(event.currentTarget.closest('.runbook-body'), href)}
        title="Go to this section of the runbook"
      >
        {children}
      </button>
    );
  }
  if (kind === 'mail') {
    const address = mailAddress(href);
    return (
      <span className="mail-address" title="An e-mail address (Baton opens only web links)">
        {children}
        {textOfChildren(children) !== address && <> ({address})</>}
      </span>
    );
  }
  if (kind === 'path') {
    const link = refs.links.find((l) => l.href === linkKey(href));
    if (!link?.runbookId) {
      return (
        <span className="dead-link" title={`Not among the cached runbooks: ${linkKey(href)}`}>
          {children}
        </span>
      );
    }
    const id = link.runbookId;
    return (
      <button type="button" className="link-button runbook-link" onClick={() => refs.openRunbook(id, link.anchor)} title={`Open the runbook ${link.href}`}>
        {children}
      </button>
    );
  }
  return <ExternalLink href={href}>{children}</ExternalLink>;
}

function textOfChildren(children: ReactNode): string {
  if (typeof children === 'string' || typeof children === 'number') return String(children);
  if (Array.isArray(children)) return children.map(textOfChildren).join('');
  return '';
}

function RunbookImg({ src, alt, refs }: { src?: string; alt?: string; refs: RunbookRefs }) {
  const image = src ? refs.images.find((i) => i.src === linkKey(src)) : undefined;
  if (image?.dataUrl) return <img className="runbook-image" src={image.dataUrl} alt={alt ?? ''} loading="lazy" decoding="async" />;
  return (
    <span className="muted image-placeholder" title={image?.problem ?? 'Baton does not load images from the network'}>
      [image{alt ? `: ${alt}` : ''}
      {image?.problem ? ` (${image.problem})` : ''}]
    </span>
  );
}

function Heading({ level, node, children }: { level: 1 | 2 | 3 | 4 | 5 | 6; node?: ExtraProps['node']; children?: ReactNode }) {
  const Tag = `h${level}` as const;
  // tabIndex lets a followed anchor take focus, so the keyboard continues from there.
  return (
    <Tag data-anchor={headingSlug(textOf(node))} tabIndex={-1}>
      {children}
    </Tag>
  );
}

function ExternalLink({ href, children }: { href: string; children?: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const open = (event: MouseEvent) => {
    event.preventDefault();
    setError(null);
    api.openExternal({ url: href }).catch((e: unknown) => setError(errorMessage(e)));
  };
  return (
    <>
      <a href={href} onClick={open} rel="noreferrer noopener" title={href}>
        {children}
      </a>
      {error && <span className="error-text small"> ({error})</span>}
    </>
  );
}

function CodeBlock({ node, children }: { node?: ExtraProps['node']; children?: ReactNode }) {
  const [state, setState] = useState<'idle' | 'copied' | string>('idle');
  const text = textOf(node).replace(/\n$/, '');
  const copy = () => {
    api
      .runbookCopy({ text })
      .then(() => setState('copied'))
      .catch((e: unknown) => setState(errorMessage(e)));
  };
  return (
    <div className="code-block">
      {/* Scrolls sideways when a line is long: focusable so the keyboard can scroll it too. */}
      <pre tabIndex={0} role="group" aria-label="Code">
        {children}
      </pre>
      <button type="button" className="copy-button" onClick={copy} aria-label="Copy code to the clipboard">
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state !== 'idle' && state !== 'copied' && <p className="error-text small">{state}</p>}
    </div>
  );
}

const NO_REFS: RunbookRefs = { links: [], images: [], openRunbook: () => undefined };

function RunbookMarkdownImpl({ markdown, steps, refs = NO_REFS, title }: { markdown: string; steps: StepHandlers; refs?: RunbookRefs; title?: string }) {
  const sameAsTitle = (node: ExtraProps['node']) => title !== undefined && textOf(node).trim().toLowerCase() === title.trim().toLowerCase();
  // Only destinations main resolved (and web, anchor and mail links) survive; everything else is dropped here.
  const urlTransform = useMemo(() => {
    const linkKeys = new Set(refs.links.map((l) => l.href));
    const imageKeys = new Set(refs.images.map((i) => i.src));
    return (url: string, key: string): string | null => {
      if (key === 'src') return linkKind(url) === 'path' && imageKeys.has(linkKey(url)) ? url : null;
      return linkKind(url) === 'path' ? (linkKeys.has(linkKey(url)) ? url : null) : safeUrl(url);
    };
  }, [refs.links, refs.images]);
  const components: Components = {
    a: ({ href, children }) => (
      <RunbookAnchor href={href} refs={refs}>
        {children}
      </RunbookAnchor>
    ),
    img: ({ src, alt }) => <RunbookImg src={typeof src === 'string' ? src : undefined} alt={alt} refs={refs} />,
    // The reader's header already shows the title: a first heading that repeats it is left out.
    h1: ({ node, children }) => (sameAsTitle(node) ? null : <Heading level={1} node={node}>{children}</Heading>),
    h2: ({ node, children }) => <Heading level={2} node={node}>{children}</Heading>,
    h3: ({ node, children }) => <Heading level={3} node={node}>{children}</Heading>,
    h4: ({ node, children }) => <Heading level={4} node={node}>{children}</Heading>,
    h5: ({ node, children }) => <Heading level={5} node={node}>{children}</Heading>,
    h6: ({ node, children }) => <Heading level={6} node={node}>{children}</Heading>,
    // Built by remarkDetails from the recognised structure only: no attribute of the source survives.
    details: ({ children }) => <details className="runbook-details">{children}</details>,
    summary: ({ children }) => <summary>{children}</summary>,
    pre: ({ node, children }) => <CodeBlock node={node}>{children}</CodeBlock>,
    // Task-list checkboxes are drawn by the list item, which knows the step's text.
    input: () => null,
    table: ({ children }) => (
      <div className="table-wrap" tabIndex={0} role="group" aria-label="Table">
        <table>{children}</table>
      </div>
    ),
    li: ({ node, className, children }) => {
      if (!className?.includes('task-list-item')) return <li className={className}>{children}</li>;
      const step = textOf(node).trim().replace(/\s+/g, ' ').slice(0, 4096);
      const box = node?.children.find((c) => c.type === 'element' && c.tagName === 'input');
      const checkedInSource = !!(box && box.type === 'element' && box.properties.checked);
      return (
        <TaskStep step={step} initial={steps.isDone(step, checkedInSource)} steps={steps} className={className}>
          {children}
        </TaskStep>
      );
    },
  };
  return (
    <Markdown remarkPlugins={[remarkGfm, remarkDetails]} skipHtml urlTransform={urlTransform} components={components}>
      {markdown}
    </Markdown>
  );
}

export const RunbookMarkdown = memo(RunbookMarkdownImpl);
