import { pageCapabilities, SERVICE_LABELS, type Capability } from '../../../shared/page-services';
import type { Page } from '../../../shared/pages';

export interface PageActions {
  can: (capability: Capability) => boolean;
  ackLabel: string;
  resolveLabel: string;
  /** Said next to the buttons when the source lacks an action the user may look for. */
  missing: string | null;
  /** The service's name ("PagerDuty") for a service's page, else null. */
  service: string | null;
}

/** Which of a page's buttons exist, and what they say: a capability-aware helper for the page's detail. */
export function pageActions(page: Page): PageActions {
  const capabilities = pageCapabilities(page);
  const service = page.kind === 'service' && page.service ? SERVICE_LABELS[page.service.service] : null;
  return {
    can: (c) => capabilities.includes(c),
    ackLabel: page.kind === 'alertmanager' ? 'Acknowledge (silence)' : service ? `Acknowledge in ${service}` : 'Acknowledge',
    resolveLabel: service ? `Resolve in ${service}` : 'Mark handled',
    missing: !service
      ? null
      : !capabilities.includes('ack')
        ? `${service}’s public API has no acknowledge: use “Open in ${service}” to acknowledge it there; Baton sees it at the next poll.`
        : !capabilities.includes('unack') && page.status === 'acknowledged'
          ? `${service} has no un-acknowledge in its API.`
          : null,
    service,
  };
}
