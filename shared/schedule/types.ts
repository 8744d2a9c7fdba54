/** A stretch of time one person is on call for one schedule; instants are epoch ms. */
export interface Shift {
  sourceId: string;
  /** Unique across sources: `<sourceId>/<scheduleName>`. */
  scheduleId: string;
  scheduleName: string;
  person: string;
  email?: string;
  start: number;
  end: number;
  allDay: boolean;
  /** Overrides sit on a higher layer and hide lower layers while they last. */
  layer: number;
  uid: string;
}

/** One event that could not be used, and why (shown per source). */
export interface EventProblem {
  uid?: string;
  summary?: string;
  reason: string;
}

export type Vendor = 'pagerduty' | 'grafana' | 'opsgenie' | 'incident.io' | 'google' | 'outlook' | 'other';

export interface ParsedSchedule {
  vendor: Vendor;
  calendarName?: string;
  shifts: Shift[];
  problems: EventProblem[];
}

/** The time span recurring events are expanded over. */
export interface Window {
  from: number;
  to: number;
}
