import type { Page } from '../../../shared/pages';
import { SERVICE_LABELS } from '../../../shared/page-services';

/** A paging service's own fields of a page (urgency, assignees, escalation policy, incident number), as text. */
export function ServiceFields({ page }: { page: Page }) {
  const s = page.service;
  if (!s) return null;
  const rows: [string, string][] = [
    ['Incident', s.number ? `#${s.number}` : s.id],
    ['Urgency', s.urgency ?? ''],
    ['Priority', s.priority ?? ''],
    ['Assigned to', s.assignees.join(', ') || 'nobody'],
    ['Escalation policy', s.escalationPolicy ?? ''],
    ['Service', s.serviceName ?? ''],
  ];
  return (
    <section aria-labelledby="service-fields-title">
      <h3 id="service-fields-title">{SERVICE_LABELS[s.service]}</h3>
      <dl className="kv service-fields">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
