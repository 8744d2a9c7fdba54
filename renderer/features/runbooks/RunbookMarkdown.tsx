import { memo, useState, type MouseEvent, type ReactNode } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { api, errorMessage } from '../../api';
import { isWebProtocol } from '../../../shared/url';

/**
 * Untrusted Markdown → React elements. No raw HTML (skipHtml, no rehype-raw), links only to
 * http(s)/mailto (everything else is dropped and shown as plain text), opened through main's
 * checked openExternal; images are not loaded (offline, and no tracking pixels).
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

function ExternalLink({ href, children }: { href?: string; children?: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  if (!href) {
    return (
      <span className="dropped-link" title="Link removed: Baton only opens web links">
        {children}
      </span>
    );
  }
  if (href.startsWith('#')) return <span className="anchor-link">{children}</span>;
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
      <pre>{children}</pre>
      <button type="button" className="copy-button" onClick={copy} aria-label="Copy code to the clipboard">
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state !== 'idle' && state !== 'copied' && <p className="error-text small">{state}</p>}
    </div>
  );
}

function RunbookMarkdownImpl({ markdown, steps }: { markdown: string; steps: StepHandlers }) {
  const components: Components = {
    a: ({ href, children }) => <ExternalLink href={href}>{children}</ExternalLink>,
    img: ({ alt }) => <span className="muted">[image{alt ? `: ${alt}` : ''}]</span>,
    pre: ({ node, children }) => <CodeBlock node={node}>{children}</CodeBlock>,
    // Task-list checkboxes are drawn by the list item, which knows the step's text.
    input: () => null,
    table: ({ children }) => (
      <div className="table-wrap">
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
    <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={safeUrl} components={components}>
      {markdown}
    </Markdown>
  );
}

export const RunbookMarkdown = memo(RunbookMarkdownImpl);
