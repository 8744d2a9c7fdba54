import type { Page } from '../../../shared/pages';
import { SeverityBadge } from '../../ui/SeverityBadge';
import { ago } from './ago';

/** The pages that match the filters, most urgent first; one is selected. */
export function PageList({ pages, selected, onSelect, now }: { pages: readonly Page[]; selected: string | null; onSelect(id: string): void; now: number }) {
  if (pages.length === 0) return <p className="page-list empty muted">No pages match.</p>;
  return (
    <ul className="page-list" aria-label="Pages">
      {pages.map((p) => (
        <li key={p.id}>
          <button
            type="button"
            className={`page-item status-${p.status}`}
            aria-current={p.id === selected ? 'true' : undefined}
            onClick={() => onSelect(p.id)}
          >
            <span className="page-row">
              <SeverityBadge severity={p.severity} />
              <span className="page-title">{p.title}</span>
            </span>
            <span className="page-meta muted small">
              {p.sourceName} · {p.status === 'resolved' ? `resolved ${ago(p.resolvedAt ?? p.receivedAt, now)}` : `${ago(p.receivedAt, now)}`}
              {p.status === 'acknowledged' ? ` · acknowledged by ${p.acknowledgedBy ?? 'someone'}` : ''}
            </span>
            <span className="labels small">
              {Object.entries(p.labels)
                .filter(([k]) => k !== 'alertname' && k !== 'severity')
                .slice(0, 4)
                .map(([k, v]) => (
                  <span className="label-chip" key={k}>
                    {k}={v}
                  </span>
                ))}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
