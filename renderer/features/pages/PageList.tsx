import type { Page } from '../../../shared/pages';
import { SeverityBadge } from '../../ui/SeverityBadge';
import { ago } from './ago';
import { titleInGroup, type Row } from './grouping';

/** The severity badge; in a narrow list a coloured dot, the word kept for screen readers. */
function Severity({ severity }: { severity: Page['severity'] }) {
  return (
    <>
      <span className={`severity-dot severity-${severity}`} aria-hidden="true" />
      <SeverityBadge severity={severity} />
    </>
  );
}

/**
 * The pages as one-line rows, grouped by alert and source (a group's header carries its counts).
 * One row is selected; it alone is in the tab order (the arrow keys and j/k move between rows).
 */
export function PageList({
  rows,
  selected,
  onSelect,
  onToggle,
  now,
}: {
  rows: readonly Row[];
  selected: string | null;
  onSelect(row: Row): void;
  onToggle(groupKey: string): void;
  now: number;
}) {
  if (rows.length === 0) return <p className="page-list empty muted">No pages match.</p>;
  // Something must be reachable by Tab even before a row is selected.
  const tabbable = selected && rows.some((r) => r.key === selected) ? selected : rows[0].key;
  return (
    <ul className="page-list" aria-label="Pages">
      {rows.map((row) =>
        row.kind === 'group' ? (
          <li key={row.key} className="group-row">
            <button
              type="button"
              className="page-item group-item"
              data-row-key={row.key}
              tabIndex={row.key === tabbable ? 0 : -1}
              aria-current={row.key === selected ? 'true' : undefined}
              aria-expanded={!row.collapsed}
              onClick={() => onSelect(row)}
            >
              <Severity severity={row.group.pages[0].severity} />
              <span className="page-title">{row.group.name}</span>
              <span className="group-count">×{row.group.pages.length}</span>
              <span className="page-meta">
                {row.group.unacknowledged > 0 ? `${row.group.unacknowledged} unacknowledged` : 'all acknowledged'}
                <span className="wide-only"> · {row.group.source}</span>
              </span>
            </button>
            <button
              type="button"
              className="ghost group-toggle"
              tabIndex={-1}
              aria-label={`${row.collapsed ? 'Expand' : 'Collapse'} ${row.group.name}`}
              title={`${row.collapsed ? 'Expand' : 'Collapse'} (→ / ←)`}
              onClick={() => onToggle(row.group.key)}
            >
              <span aria-hidden="true">{row.collapsed ? '▸' : '▾'}</span>
            </button>
          </li>
        ) : (
          <li key={row.key} className={row.group ? 'in-group' : undefined}>
            <button
              type="button"
              className={`page-item status-${row.page.status}`}
              data-row-key={row.key}
              tabIndex={row.key === tabbable ? 0 : -1}
              aria-current={row.key === selected ? 'true' : undefined}
              onClick={() => onSelect(row)}
            >
              <Severity severity={row.page.severity} />
              <span className="page-title">{titleInGroup(row.page, row.group)}</span>
              <span className="page-meta">
                {row.page.status === 'acknowledged' ? <span className="acked">acknowledged · </span> : null}
                {row.page.status === 'resolved' ? `resolved ${ago(row.page.resolvedAt ?? row.page.receivedAt, now)}` : ago(row.page.receivedAt, now)}
                {row.group ? null : <span className="wide-only"> · {row.page.sourceName}</span>}
              </span>
            </button>
          </li>
        ),
      )}
    </ul>
  );
}
