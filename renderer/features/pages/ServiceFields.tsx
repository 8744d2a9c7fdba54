import type { Page } from '../../../shared/pages';
import { SERVICE_LABELS, type ServiceKind } from '../../../shared/page-services';

const ITEM: Record<ServiceKind, string> = { pagerduty: 'Incident', 'grafana-irm': 'Alert group', jsm: 'Alert', incidentio: 'Escalation' };
const ASSIGNS: Record<ServiceKind, boolean> = { pagerduty: true, 'grafana-irm': false, jsm: true, incidentio: false };

/** A paging service's own fields of a page (urgency, assignees, escalation policy, incident number), as text. */
export function ServiceFields({ page }: { page: Page }) {
  const s = page.service;
  if (!s) return null;
  const rows: [string, string][] = [
    [ITEM[s.service], s.number ? `#${s.number}` : s.id],
    ['Urgency', s.urgency ?? ''],
    ['Priority', s.priority ?? ''],
    // Grafana IRM and incident.io do not say who is assigned: no row rather than a wrong "nobody".
    ['Assigned to', s.assignees.join(', ') || (ASSIGNS[s.service] ? 'nobody' : '')],
    [s.service === 'jsm' ? 'Teams' : s.service === 'incidentio' ? 'Escalation path' : 'Escalation policy', s.escalationPolicy ?? ''],
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
