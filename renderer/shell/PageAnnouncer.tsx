import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store';
import type { Page } from '../../shared/pages';

/**
 * Tells screen readers about pages that arrive while Baton is open: politely, or assertively when
 * one of them is critical. The pages shown at start are not announced (they are not news). Many
 * pages at once are one sentence, so a storm does not flood the reader.
 */
export function PageAnnouncer() {
  const open = useStore((s) => s.state?.pages.open);
  const seen = useRef<Set<string> | null>(null);
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');

  useEffect(() => {
    if (!open) return;
    if (seen.current === null) {
      seen.current = new Set(open.map((p) => p.id));
      return;
    }
    const arrived = open.filter((p) => p.status === 'triggered' && !seen.current!.has(p.id));
    seen.current = new Set(open.map((p) => p.id));
    if (arrived.length === 0) return;
    const critical = arrived.some((p) => p.severity === 'critical');
    const text = describe(arrived);
    if (critical) setAssertive(text);
    else setPolite(text);
  }, [open]);

  return (
    <>
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
        {polite}
      </div>
      <div className="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
        {assertive}
      </div>
    </>
  );
}

function describe(pages: Page[]): string {
  if (pages.length === 1) {
    const [p] = pages;
    return `New ${p.severity} page from ${p.sourceName}: ${p.title}`;
  }
  const critical = pages.filter((p) => p.severity === 'critical').length;
  const names = new Map<string, number>();
  for (const p of pages) {
    const name = p.labels.alertname ?? p.title;
    names.set(name, (names.get(name) ?? 0) + 1);
  }
  const top = [...names.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, n]) => (n > 1 ? `${name} ×${n}` : name))
    .join(', ');
  return `${pages.length} new pages${critical ? `, ${critical} critical` : ''}: ${top}`;
}
